import type { Observable } from 'rxjs';
import type { RecordedEvent } from '../../../shared/application/recorded-event.js';

/**
 * Fans recorded events out to subscribers, on this instance or on every instance. It promises
 * delivery of what is published while a subscriber is connected, not order: OrderedEventFeed restores that.
 */
export abstract class EventBroker {
  abstract publish(event: RecordedEvent): void;

  /** Events published from now on, until unsubscribe(clientId). */
  abstract subscribe(clientId: string): Observable<RecordedEvent>;

  abstract unsubscribe(clientId: string): void;

  /** Resolves when the broker answers; for the health check. */
  abstract ping(): Promise<void>;
}
