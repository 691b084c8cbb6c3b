import type { DomainEvent } from '../domain/domain-event.js';
import type { RecordedEvent } from './recorded-event.js';

/** The durable, ordered log of every domain event. Positions start at 1 and have no gaps. */
export abstract class EventLog {
  /** Gives the events the next positions, in order; visible to readers only once the surrounding unit of work commits. */
  abstract append(events: readonly DomainEvent[]): Promise<RecordedEvent[]>;

  /**
   * Removes these payload fields from every event of the aggregate, those appended in this unit of work included;
   * commits or rolls back with the surrounding unit of work. Positions, types and the other fields stay.
   */
  abstract erase(aggregateId: string, fields: readonly string[]): Promise<void>;

  /** Committed events with after < position <= upTo, oldest first. */
  abstract readRange(after: number, upTo: number): Promise<RecordedEvent[]>;

  /** The position of the newest committed event, 0 when the log is empty. */
  abstract head(): Promise<number>;
}
