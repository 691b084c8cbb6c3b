import type { DomainEvent } from '../../domain/domain-event.js';
import { EventLog } from '../../application/event-log.js';
import { RecordedEvent } from '../../application/recorded-event.js';
import type { Drizzle } from './database.js';
import { DrizzleEventLog } from './drizzle-event-log.js';

/**
 * The event log inside one transaction of a group commit. The first append is written at once, which
 * locks the log's head row until commit; from then on positions are counted here, and later appends
 * are written together by flush(), just before the commit, in one statement instead of one each.
 */
export class DeferredEventLog extends EventLog {
  private readonly log: DrizzleEventLog;
  private first: Promise<RecordedEvent[]> | null = null;
  private next = 0;
  private pending: DomainEvent[] = [];

  constructor(tx: Drizzle) {
    super();
    this.log = new DrizzleEventLog(tx);
  }

  override async append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    if (!this.first) {
      this.first = this.log.append(events);
      const written = await this.first;
      this.next = (written[written.length - 1]?.position ?? 0) + 1;
      return written;
    }
    await this.first;
    const recorded = events.map((event, index) => RecordedEvent.at(this.next + index, event));
    this.next += events.length;
    this.pending.push(...events);
    return recorded;
  }

  /** Writes the deferred appends; the positions they get are the ones append() promised, since the head row is ours. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    const written = await this.log.append(events);
    if (written[written.length - 1]?.position !== this.next - 1) {
      throw new Error('the event log head moved while this transaction held it');
    }
  }

  override async readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    await this.flush();
    return this.log.readRange(after, upTo);
  }

  override async head(): Promise<number> {
    await this.flush();
    return this.log.head();
  }
}
