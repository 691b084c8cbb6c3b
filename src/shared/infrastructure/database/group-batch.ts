import { sql } from 'drizzle-orm';
import type { EventLog } from '../../application/event-log.js';
import { StoreUnavailable } from '../../application/store-unavailable.js';
import type { Drizzle } from './database.js';
import { DeferredEventLog, type UnitEventLog } from './deferred-event-log.js';
import { errorCode, isConnectionError } from './store-errors.js';

/** What one unit of work gets inside a group commit: the transaction, and the event log on it. */
export interface GroupTransaction {
  readonly tx: Drizzle;
  readonly eventLog: EventLog;
}

export type Work<T> = (transaction: GroupTransaction) => Promise<T>;

/**
 * One transaction's batch of units of work. Each runs in a savepoint of its own until it appends its events
 * (or ends), one after another, so that one failing there rolls back alone: on PostgreSQL even a unique
 * violation, which would otherwise abort the whole transaction. Then the batch's events are written in one
 * statement and the units finish. run() answers each unit's outcome, for after the commit; it throws (the
 * whole batch rolls back) only when no savepoint can hold the failure, and only once every unit has settled,
 * so that none is still using the transaction when it ends.
 */
export class GroupBatch {
  private readonly log: DeferredEventLog;
  private readonly results: Promise<unknown>[] = [];
  /** Indexes of the units whose failure their savepoint undid: answered with it if the batch commits. */
  private readonly rolledBackAlone = new Set<number>();

  /** isolate: a savepoint per unit; a batch of one needs none, its transaction is its own. */
  constructor(
    private readonly tx: Drizzle,
    private readonly isolate: boolean,
  ) {
    this.log = new DeferredEventLog(tx);
  }

  async run(works: readonly Work<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
    try {
      for (const work of works) await this.start(work);
      await this.log.flush();
      const outcomes = await Promise.allSettled(this.results);
      // A unit that failed after its append cannot be undone alone: its events were in the batch's statement.
      const late = outcomes.find((outcome, index) => outcome.status === 'rejected' && !this.rolledBackAlone.has(index));
      if (late?.status === 'rejected') throw late.reason;
      return outcomes;
    } catch (error) {
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
    if (this.isolate) await this.tx.execute(sql`SAVEPOINT unit`);
    const result = work({ tx: this.tx, eventLog });
    this.results.push(result);
    try {
      await Promise.race([result, eventLog.firstAppend]);
      if (this.log.flushed) await result;
    } catch (error) {
      if (!this.isolate || !isOwnFailure(error) || !this.heldBySavepoint(flushedBefore, eventLog)) throw error;
      await this.tx.execute(sql`ROLLBACK TO SAVEPOINT unit`);
      this.rolledBackAlone.add(index);
    }
  }

  /**
   * Whether the unit's savepoint holds all it did and nothing of the others': none of its events wait for the
   * batch's shared write, and that write did not run inside it (a read of the log, or an erasure, before appending
   * may run it).
   */
  private heldBySavepoint(flushedBefore: boolean, eventLog: UnitEventLog): boolean {
    return flushedBefore || (!eventLog.appended && !this.log.flushed);
  }
}

/** Not a lost database, a deadlock or a serialization failure (SQLSTATE class 40): those a rerun alone may get past. */
function isOwnFailure(error: unknown): boolean {
  return !(error instanceof StoreUnavailable) && !isConnectionError(error) && !errorCode(error)?.startsWith('40');
}
