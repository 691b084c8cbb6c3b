import type { DomainEvent } from '../../domain/domain-event.js';
import { EventLog } from '../../application/event-log.js';
import type { RecordedEvent } from '../../application/recorded-event.js';
import type { Drizzle } from './database.js';
import { DrizzleEventLog } from './drizzle-event-log.js';

interface PendingAppend {
  readonly events: readonly DomainEvent[];
  resolve(recorded: RecordedEvent[]): void;
  reject(reason: unknown): void;
}

/**
 * The event log inside one transaction of a group commit. Appends wait until flush(), which writes the
 * events of every unit of work in the batch in one statement and only then gives them their positions.
 * That statement locks the log's head row until commit, so the row is held for the flush and the commit
 * alone, not while the units of work run. Appends made after the flush are written at once. Erasures are written
 * at once, in the unit's savepoint; a read, or an erasure whose aggregate has events still waiting, flushes first.
 */
export class DeferredEventLog {
  private readonly log: DrizzleEventLog;
  private pending: PendingAppend[] = [];
  private state: 'deferring' | 'flushed' | 'abandoned' = 'deferring';

  constructor(tx: Drizzle) {
    this.log = new DrizzleEventLog(tx);
  }

  /** True once the batch's events are written: from then on an append is a statement of its own. */
  get flushed(): boolean {
    return this.state === 'flushed';
  }

  /** The log as one unit of work of the batch sees it. */
  forUnit(): UnitEventLog {
    return new UnitEventLog(this);
  }

  append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    if (this.state === 'flushed') return this.log.append(events);
    if (this.state === 'abandoned') return Promise.reject(new Error('the batch was rolled back'));
    return new Promise<RecordedEvent[]>((resolve, reject) => this.pending.push({ events, resolve, reject }));
  }

  /** Writes every waiting append in one statement, in the order they were made, and hands out their positions. */
  async flush(): Promise<void> {
    if (this.state !== 'deferring') return;
    this.state = 'flushed';
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return;
    let recorded: RecordedEvent[];
    try {
      recorded = await this.log.append(pending.flatMap(({ events }) => events));
    } catch (error) {
      for (const { reject } of pending) reject(error);
      throw error;
    }
    let offset = 0;
    for (const { events, resolve } of pending) {
      resolve(recorded.slice(offset, offset + events.length));
      offset += events.length;
    }
  }

  /** Fails every waiting append, so that each unit of a batch about to roll back comes to an end first. */
  abandon(): void {
    if (this.state !== 'deferring') return;
    this.state = 'abandoned';
    for (const { reject } of this.pending) reject(new Error('the batch was rolled back'));
    this.pending = [];
  }

  /** Flushes first when events of this aggregate wait in the batch, so that the erasure reaches them too. */
  async erase(aggregateId: string, fields: readonly string[]): Promise<void> {
    if (this.pending.some(({ events }) => events.some((event) => event.aggregateId === aggregateId))) await this.flush();
    return this.log.erase(aggregateId, fields);
  }

  async readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    await this.flush();
    return this.log.readRange(after, upTo);
  }

  async head(): Promise<number> {
    await this.flush();
    return this.log.head();
  }
}

/** One unit of work's view of the batch's log, telling the group commit when that unit first appends. */
export class UnitEventLog extends EventLog {
  private appendedYet = false;
  private readonly written: RecordedEvent[] = [];
  private erasedYet = false;
  private signalAppend: () => void = () => undefined;
  /** Resolves at this unit's first append: it has gone as far as it can before the flush. */
  readonly firstAppend = new Promise<void>((resolve) => (this.signalAppend = resolve));

  constructor(private readonly batch: DeferredEventLog) {
    super();
  }

  get appended(): boolean {
    return this.appendedYet;
  }

  /** Whether this unit erased: a write of its own, in the transaction at once. */
  get erased(): boolean {
    return this.erasedYet;
  }

  /** The events this unit has written so far, with their positions: what it announces if it commits. */
  get recorded(): readonly RecordedEvent[] {
    return this.written;
  }

  override async append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    this.appendedYet = true;
    this.signalAppend();
    const recorded = await this.batch.append(events);
    this.written.push(...recorded);
    return recorded;
  }

  override erase(aggregateId: string, fields: readonly string[]): Promise<void> {
    this.erasedYet = true;
    return this.batch.erase(aggregateId, fields);
  }

  override readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    return this.batch.readRange(after, upTo);
  }

  override head(): Promise<number> {
    return this.batch.head();
  }
}
