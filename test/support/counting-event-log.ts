import { EventLog } from '../../src/shared/application/event-log.js';
import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';
import type { DomainEvent } from '../../src/shared/domain/domain-event.js';

/** Passes every call to a log and keeps the reads it was asked for: how many queries a reader costs. */
export class CountingEventLog extends EventLog {
  heads = 0;
  readonly ranges: { readonly after: number; readonly upTo: number }[] = [];

  constructor(private readonly log: EventLog) {
    super();
  }

  /** Every query: head() and readRange() calls. */
  get queries(): number {
    return this.heads + this.ranges.length;
  }

  /** The most positions one readRange() asked for. */
  get widestRead(): number {
    return Math.max(0, ...this.ranges.map(({ after, upTo }) => upTo - after));
  }

  override append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    return this.log.append(events);
  }

  override erase(aggregateId: string, fields: readonly string[]): Promise<void> {
    return this.log.erase(aggregateId, fields);
  }

  override readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    this.ranges.push({ after, upTo });
    return this.log.readRange(after, upTo);
  }

  override head(): Promise<number> {
    this.heads += 1;
    return this.log.head();
  }
}
