import { sql } from 'drizzle-orm';
import type { CommitAnnouncer } from '../../application/commit-announcer.js';
import { StoreUnavailable } from '../../application/store-unavailable.js';
import type { Drizzle } from './database.js';
import { FirstUnitFailed, GroupBatch, IsolationNeeded, type Isolation, type Work } from './group-batch.js';
import { guardStore } from './store-errors.js';

interface Waiting {
  readonly work: Work<unknown>;
  resolve(result: unknown): void;
  reject(reason: unknown): void;
}

// Bigger batches only hold the event log's head row longer; and past 64 savepoints PostgreSQL's subtransaction cache overflows.
const MAX_BATCH = 32;

/**
 * Commits concurrent units of work together. Appends to the event log are serialised to commit anyway
 * (positions must be gap-free and in commit order), so the units of work that arrive while a transaction
 * runs wait for the next one (GroupBatch), which runs them, writes all their new rows in a statement per table
 * (DeferredInserts) and all their events in one statement (DeferredEventLog), and commits once. A unit that
 * fails before its append fails alone: for free when it only read (a 404) or its row was skipped as a clash (a
 * 409), otherwise by running the batch again with a savepoint per unit (any other database error aborts a
 * PostgreSQL transaction). When the batch fails as a whole (its shared writes, its commit, a unit failing after
 * its append), every unit runs again in a transaction of its own. Work can therefore run more than once, and
 * must change nothing outside the transaction it is given.
 */
export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  /** Transactions whose units are still running: a new one begins only when there is none (see the constructor). */
  private running = 0;
  private scheduled = false;

  /**
   * maxInFlight: transactions at once. A second one begins only once every unit of the first has settled, so that
   * it runs its commands while the first sends its announcement and commits (holding the head row, which the
   * second then waits for at its events), and the units waiting meanwhile still go in one batch, not two halves.
   * announcer: told each batch's events inside its transaction, so that what it sends goes out only with the commit.
   */
  constructor(
    private readonly db: Drizzle,
    private readonly maxInFlight: number,
    private readonly announcer?: CommitAnnouncer,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (result: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Units wait, no transaction is still running its units, and there is room for one more. */
  private canBegin(): boolean {
    return this.waiting.length > 0 && this.running === 0 && this.inFlight < this.maxInFlight;
  }

  private schedule(): void {
    if (this.scheduled || !this.canBegin()) return;
    // Not at once: the requests already read in this turn of the event loop join the same transaction.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Asked again: a rerun of a batch may have begun running its units since this was scheduled.
    if (!this.canBegin()) return;
    this.inFlight += 1;
    try {
      await this.commit(this.waiting.splice(0, MAX_BATCH));
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }

  /** Runs the units with `running` counted until they have all settled; then the next transaction may begin. */
  private async settle(batch: GroupBatch, works: readonly Work<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
    this.running += 1;
    try {
      return await batch.run(works);
    } finally {
      this.running -= 1;
      this.schedule();
    }
  }

  private async runBatch(tx: Drizzle, isolation: Isolation, works: readonly Work<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
    const batch = new GroupBatch(tx, isolation);
    const outcomes = await this.settle(batch, works);
    if (!this.announcer) return outcomes;
    // After every unit has settled: a failing notify rolls the batch back, and each unit runs again alone.
    for (const { channel, payload } of this.announcer.announce(batch.recorded)) await tx.execute(sql`SELECT pg_notify(${channel}, ${payload})`);
    return outcomes;
  }

  private async commit(batch: readonly Waiting[], isolation: Isolation = 'optimistic'): Promise<void> {
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      const works = batch.map(({ work }) => work);
      outcomes = await guardStore(() => this.db.transaction((tx) => this.runBatch(tx, isolation, works)));
    } catch (error) {
      if (error instanceof IsolationNeeded) return this.commit(batch, 'isolated');
      if (error instanceof FirstUnitFailed) {
        const [failed, ...rest] = batch;
        failed.reject(error.reason);
        if (rest.length > 0) await this.commit(rest);
        return;
      }
      // A database that does not answer fails everyone alike. Otherwise each unit is decided anew, alone, even
      // one that failed in the batch: its failure may have come from a unit whose change never committed.
      if (batch.length === 1 || error instanceof StoreUnavailable) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) await this.commit([waiting]);
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome.status === 'fulfilled') waiting.resolve(outcome.value);
      else waiting.reject(outcome.reason);
    });
  }
}
