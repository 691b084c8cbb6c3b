import type { Subscription } from 'rxjs';
import type { RecordedEvent } from '../../../shared/application/recorded-event.js';

/** A client id belongs to one subscription at a time: a second one would leave the first without events. */
export class ClientIdInUse extends Error {
  constructor(clientId: string) {
    super(`the broker already has a subscriber "${clientId}"; unsubscribe it first`);
  }
}

/**
 * Fans recorded events out to subscribers, on this instance or on every instance. It promises
 * delivery of what is published while a subscriber is connected, not order: OrderedEventFeed restores that.
 */
export abstract class EventBroker {
  abstract publish(event: RecordedEvent): void;

  /**
   * Hands onEvent every event published from now on, until the subscription returned is unsubscribed: the one
   * way to let clientId go. Throws ClientIdInUse while another subscription holds it. An onEvent that throws
   * is logged; the broker, the other subscribers and its own later events carry on.
   */
  abstract subscribe(clientId: string, onEvent: (event: RecordedEvent) => void): Subscription;

  /** Resolves when the broker answers; for the health check. */
  abstract ping(): Promise<void>;
}
