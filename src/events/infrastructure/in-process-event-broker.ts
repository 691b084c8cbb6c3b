import { Injectable, Logger } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { EventBroker } from '../application/ports/event-broker.js';
import { LocalSubscribers } from './local-subscribers.js';

/** One RxJS Subject for the whole process: the zero-set-up broker, enough for a single instance. */
@Injectable()
export class InProcessEventBroker extends EventBroker {
  private readonly subscribers = new LocalSubscribers(new Logger(InProcessEventBroker.name));

  override publish(event: RecordedEvent): void {
    this.subscribers.deliver(event);
  }

  override subscribe(clientId: string, onEvent: (event: RecordedEvent) => void): Subscription {
    return this.subscribers.add(clientId, onEvent);
  }

  override async ping(): Promise<void> {}
}
