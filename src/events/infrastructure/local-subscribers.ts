import type { Logger } from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { ClientIdInUse } from '../application/ports/event-broker.js';

/**
 * A broker's subscribers on this instance, each under the client id it holds until it unsubscribes. Each
 * one's handler runs inside a catch: RxJS would rethrow its error on a timer, and that ends the process.
 */
export class LocalSubscribers {
  private readonly events = new Subject<RecordedEvent>();
  private readonly clients = new Map<string, Subscription>();
  private failures = 0;
  private nextFailureReport = 1;

  constructor(private readonly logger: Logger) {}

  add(clientId: string, onEvent: (event: RecordedEvent) => void): Subscription {
    if (this.clients.has(clientId)) throw new ClientIdInUse(clientId);
    const subscription = this.events.subscribe((event) => {
      try {
        onEvent(event);
      } catch (error) {
        this.failed(clientId, event, error);
      }
    });
    this.clients.set(clientId, subscription);
    subscription.add(() => {
      if (this.clients.get(clientId) === subscription) this.clients.delete(clientId);
    });
    return subscription;
  }

  deliver(event: RecordedEvent): void {
    this.events.next(event);
  }

  /** Ends every subscription: the broker is going away. */
  close(): void {
    this.events.complete();
  }

  private failed(clientId: string, { position }: RecordedEvent, error: unknown): void {
    this.failures += 1;
    if (this.failures < this.nextFailureReport) return;
    this.nextFailureReport *= 10;
    const stack = error instanceof Error ? error.stack : String(error);
    this.logger.error(`subscriber "${clientId}" threw on event ${position} (${this.failures} time(s) so far); the others still get it`, stack);
  }
}
