import { Injectable } from '@nestjs/common';
import { Observable, Subject, type Subscription } from 'rxjs';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { EventBroker } from '../application/ports/event-broker.js';

/** One RxJS Subject for the whole process: the zero-set-up broker, enough for a single instance. */
@Injectable()
export class InProcessEventBroker extends EventBroker {
  private readonly events = new Subject<RecordedEvent>();
  private readonly clients = new Map<string, Subscription>();

  override publish(event: RecordedEvent): void {
    this.events.next(event);
  }

  override subscribe(clientId: string): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      this.unsubscribe(clientId);
      const subscription = this.events.subscribe(subscriber);
      this.clients.set(clientId, subscription);
      return () => {
        subscription.unsubscribe();
        if (this.clients.get(clientId) === subscription) this.clients.delete(clientId);
      };
    });
  }

  override unsubscribe(clientId: string): void {
    this.clients.get(clientId)?.unsubscribe();
    this.clients.delete(clientId);
  }

  override async ping(): Promise<void> {}
}
