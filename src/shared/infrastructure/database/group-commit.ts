import type { EventLog } from '../../application/event-log.js';
import { StoreUnavailable } from '../../application/store-unavailable.js';
import type { Drizzle } from './database.js';
import { DeferredEventLog } from './deferred-event-log.js';
import { guardStore } from './store-errors.js';

/** What one unit of work gets inside a group commit: the transaction, and the event log on it. */
export interface GroupTransaction {
  readonly tx: Drizzle;
  readonly eventLog: EventLog;
}

type Work<T> = (transaction: GroupTransaction) => Promise<T>;

interface Waiting {
  readonly work: Work<unknown>;
  resolve(result: unknown): void;
  reject(reason: unknown): void;
}

// Bigger batches only hold the event log's head row longer.
const MAX_BATCH = 32;

/**
 * Commits concurrent units of work together. Appends to the event log are serialised to commit anyway
 * (positions must be gap-free and in commit order), so the units of work that arrive while a transaction
 * runs wait for the next one, which runs them one after another, writes all their events in one
 * statement (DeferredEventLog) and commits once. A unit of work that fails rolls its whole batch back;
 * every unit of that batch then runs again in a transaction of its own, so that only the failing ones
 * fail. Work can therefore run more than once, and must change nothing outside the transaction it is given.
 */
export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * maxInFlight: transactions at once. On a server, a second one runs its commands while the first holds the
   * head row and commits (more would only wait for the row); embedded, one connection runs one at a time anyway.
   */
  constructor(
    private readonly db: Drizzle,
    private readonly maxInFlight: number,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (result: unknown) => void, reject });
      if (this.scheduled || this.inFlight >= this.maxInFlight) return;
      // Not at once: the requests already read in this turn of the event loop join the same transaction.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.inFlight += 1;
    while (this.waiting.length > 0) await this.commit(this.waiting.splice(0, MAX_BATCH));
    this.inFlight -= 1;
  }

  private async commit(batch: readonly Waiting[]): Promise<void> {
    let results: unknown[];
    try {
      results = await guardStore(() => this.db.transaction((tx) => runInOrder(batch, tx)));
    } catch (error) {
      // A database that does not answer fails everyone alike; anything else was one unit's own doing.
      if (batch.length === 1 || error instanceof StoreUnavailable) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) await this.commit([waiting]);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(results[index]));
  }
}

/**
 * Runs each unit of work until it appends its events (or ends), one after the other; then writes all their
 * events in one statement, lets them finish, and returns what each returned.
 */
async function runInOrder(batch: readonly Waiting[], tx: Drizzle): Promise<unknown[]> {
  const eventLog = new DeferredEventLog(tx);
  const running: Promise<unknown>[] = [];
  for (const { work } of batch) {
    const appended = eventLog.nextAppend();
    const result = work({ tx, eventLog });
    result.catch(() => undefined); // its failure is seen below, or made moot by an earlier one's
    running.push(result);
    await Promise.race([result, appended]);
  }
  await eventLog.flush();
  return Promise.all(running);
}
