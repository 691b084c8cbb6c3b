import { sql } from 'drizzle-orm';
import type { EventLog } from '../../application/event-log.js';
import type { RecordedEvent } from '../../application/recorded-event.js';
import { StoreUnavailable } from '../../application/store-unavailable.js';
import type { Drizzle } from './database.js';
import { DeferredEventLog, type UnitEventLog } from './deferred-event-log.js';
import { DeferredInserts, type RowInserts, type UnitInserts } from './deferred-inserts.js';
import { errorCode, isConnectionError } from './store-errors.js';
import { UnitWrites } from './unit-writes.js';

/** One unit of work of the batch, as far as the batch has run it. */
interface Unit {
  readonly index: number;
  readonly result: Promise<unknown>;
  readonly eventLog: UnitEventLog;
  readonly writes: UnitWrites;
  readonly inserts: UnitInserts;
  readonly savepoint: boolean;
  /** Whether the batch's events were written before the unit began. */
  readonly flushedBefore: boolean;
  /** Whether it stopped, in the first pass, at an insert that waits for the batch's. */
  waitedOnInsert: boolean;
}

/** What one unit of work gets inside a group commit: the transaction, and the event log on it. */
export interface GroupTransaction {
  readonly tx: Drizzle;
  readonly eventLog: EventLog;
  /** Rows inserted here are written with the other units' in one statement (see DeferredInserts). */
  readonly inserts: RowInserts;
}

export type Work<T> = (transaction: GroupTransaction) => Promise<T>;

/** The first unit of a batch failed before its append: nothing else has run, so the rollback undoes it alone. */
export class FirstUnitFailed extends Error {
  constructor(readonly reason: unknown) {
    super('the first unit of work of a batch failed');
  }
}

/** A unit failed in the optimistic run in a way only a savepoint could have held: run the batch isolated. */
export class IsolationNeeded extends Error {
  constructor() {
    super('a unit of work of the batch failed after writing');
  }
}

/**
 * How a batch keeps one unit's failure its own. "optimistic": no savepoint, rows inserted together; a unit
 * that fails having only read (a 404) or whose row was skipped as a clash (a 409) leaves nothing to undo and
 * fails alone; any other failure (a write, a database error, which on PostgreSQL aborts the whole transaction)
 * rolls the batch back to be run "isolated": each unit after the first in a savepoint of its own, its rows
 * inserted at once. Most batches fail nowhere, and a savepoint is a statement per unit: on PGlite it cost a
 * third of the write throughput.
 */
export type Isolation = 'optimistic' | 'isolated';

/**
 * One transaction's batch of units of work. They run one after another until each inserts a row, appends its
 * events, or ends; then the batch's rows are written (a statement per table), the units that inserted go on to
 * their append, the batch's events are written in one statement, and the units finish. A unit that fails before
 * its append fails alone (see Isolation). The first unit never needs a savepoint: nothing else has run yet,
 * so rolling the transaction back undoes it alone (FirstUnitFailed) and the others start in a fresh one.
 * run() answers each unit's outcome, for after the commit; it throws (the batch rolls back) only once every
 * unit has settled, so that none is still using the transaction when it ends.
 */
export class GroupBatch {
  private readonly log: DeferredEventLog;
  private readonly results: Promise<unknown>[] = [];
  /**
   * Indexes of the units that failed leaving nothing in the transaction (rolled back to their savepoint, or
   * having only read): answered with it if the batch commits.
   */
  private readonly rolledBackAlone = new Set<number>();
  private readonly units: Unit[] = [];
  private readonly inserts: DeferredInserts;

  constructor(
    private readonly tx: Drizzle,
    private readonly isolation: Isolation,
  ) {
    this.log = new DeferredEventLog(tx);
    // Isolated, each unit's rows must be written inside its own savepoint: at once.
    this.inserts = new DeferredInserts(tx, isolation === 'optimistic');
  }

  /**
   * The events the batch commits if it commits now, oldest first: not those of a unit rolled back to its savepoint
   * (appended after the flush, their positions are handed out again).
   */
  get recorded(): RecordedEvent[] {
    const kept = this.units.filter(({ index }) => !this.rolledBackAlone.has(index));
    return kept.flatMap((unit) => unit.eventLog.recorded).sort((a, b) => a.position - b.position);
  }

  async run(works: readonly Work<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
    try {
      for (const work of works) await this.start(work);
      await this.inserts.flush();
      // The units that waited on an insert go on, one after another, to their append or their end.
      for (const unit of this.units) if (unit.waitedOnInsert) await this.proceed(unit, false);
      await this.log.flush();
      const outcomes = await Promise.allSettled(this.results);
      // A unit that failed after its append cannot be undone alone: its events were in the batch's statement.
      const late = outcomes.find((outcome, index) => outcome.status === 'rejected' && !this.rolledBackAlone.has(index));
      if (late?.status === 'rejected') throw late.reason;
      return outcomes;
    } catch (error) {
      this.inserts.abandon();
      this.log.abandon();
      await Promise.allSettled(this.results);
      throw error;
    }
  }

  private async start(work: Work<unknown>): Promise<void> {
    const flushedBefore = this.log.flushed;
    // Past the flush every append is written at once, so units run one at a time: none writes into another's savepoint.
    if (flushedBefore) await Promise.allSettled(this.results);
    const index = this.results.length;
    const eventLog = this.log.forUnit();
    const writes = new UnitWrites(this.tx);
    const inserts = this.inserts.forUnit();
    const savepoint = this.isolation === 'isolated' && index > 0;
    if (savepoint) await this.tx.execute(sql`SAVEPOINT unit`);
    const result = work({ tx: writes.tx, eventLog, inserts });
    this.results.push(result);
    const unit: Unit = { index, result, eventLog, writes, inserts, savepoint, flushedBefore, waitedOnInsert: false };
    this.units.push(unit);
    await this.proceed(unit, true);
  }

  /** Runs a unit on until it ends, appends, or (in the first pass) waits on an insert; decides a failure of its own. */
  private async proceed(unit: Unit, firstPass: boolean): Promise<void> {
    const { index, result, eventLog, writes, inserts, savepoint } = unit;
    try {
      const reached = await Promise.race([
        result.then(() => 'end' as const),
        eventLog.firstAppend.then(() => 'append' as const),
        ...(firstPass ? [inserts.firstInsert.then(() => 'insert' as const)] : []),
      ]);
      if (reached === 'insert') {
        // A unit run alone (the log is written already) goes on at once; the others wait for the batch's insert.
        if (!this.log.flushed) {
          unit.waitedOnInsert = true;
          return;
        }
        await this.inserts.flush();
      }
      if (this.log.flushed) await result;
    } catch (error) {
      if (!isOwnFailure(error) || !this.heldBySavepoint(unit)) throw error;
      // Nothing else has run: the rollback undoes it alone.
      if (firstPass && index === 0) throw new FirstUnitFailed(error);
      if (savepoint) await this.tx.execute(sql`ROLLBACK TO SAVEPOINT unit`);
      else if (writes.wrote || inserts.wrote || eventLog.appended || eventLog.erased || errorCode(error) !== undefined) throw new IsolationNeeded();
      this.rolledBackAlone.add(index);
    }
  }

  /**
   * Whether the unit's savepoint holds all it did and nothing of the others': none of its events wait for the
   * batch's shared write, and that write did not run inside it (a read of the log, or an erasure, before appending
   * may run it).
   */
  private heldBySavepoint({ flushedBefore, eventLog }: Unit): boolean {
    return flushedBefore || (!eventLog.appended && !this.log.flushed);
  }
}

/** Not a lost database, a deadlock or a serialization failure (SQLSTATE class 40): those a rerun alone may get past. */
function isOwnFailure(error: unknown): boolean {
  return !(error instanceof StoreUnavailable) && !isConnectionError(error) && !errorCode(error)?.startsWith('40');
}
