import type { DomainEvent } from '../../domain/domain-event.js';
import { EventLog } from '../../application/event-log.js';
import type { RecordedEvent } from '../../application/recorded-event.js';
import type { Drizzle } from './database.js';
import { DrizzleEventLog } from './drizzle-event-log.js';

interface PendingAppend {
  readonly events: readonly DomainEvent[];
  resolve(recorded: RecordedEvent[]): void;
}

/**
 * The event log inside one transaction of a group commit. Appends wait until flush(), which writes the
 * events of every unit of work in the batch in one statement and only then gives them their positions.
 * That statement locks the log's head row until commit, so the row is held for the flush and the commit
 * alone, not while the units of work run. Appends made after the flush are written at once.
 */
export class DeferredEventLog extends EventLog {
  private readonly log: DrizzleEventLog;
  private pending: PendingAppend[] = [];
  private flushed = false;
  private appended: (() => void) | null = null;

  constructor(tx: Drizzle) {
    super();
    this.log = new DrizzleEventLog(tx);
  }

  override append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    if (events.length === 0) return Promise.resolve([]);
    if (this.flushed) return this.log.append(events);
    return new Promise<RecordedEvent[]>((resolve) => {
      this.pending.push({ events, resolve });
      this.appended?.();
    });
  }

  /** Resolves at the next append: the unit of work running now has gone as far as it can before the flush. */
  nextAppend(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.appended = () => {
        this.appended = null;
        resolve();
      };
    });
  }

  /** Writes every waiting append in one statement, in the order they were made, and hands out their positions. */
  async flush(): Promise<void> {
    this.flushed = true;
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return;
    const recorded = await this.log.append(pending.flatMap(({ events }) => events));
    let offset = 0;
    for (const { events, resolve } of pending) {
      resolve(recorded.slice(offset, offset + events.length));
      offset += events.length;
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
