import type { Drizzle } from './database.js';

/**
 * One table's insert, for any number of rows in one statement: a row that clashes with a unique key it names
 * is skipped, not an error (ON CONFLICT … DO NOTHING), and the statement answers the keys of the rows it wrote.
 * A skipped row aborts nothing, so one taken email in a batch fails only its own unit.
 */
export interface RowsInsert<Row> {
  keyOf(row: Row): string;
  write(db: Drizzle, rows: readonly Row[]): Promise<ReadonlySet<string>>;
}

/**
 * Where a unit of work inserts rows: true when its row was written, false when it clashed. Rows may wait to be
 * written with the batch's, so whoever reads or changes that table in the transaction calls flush() first: a later
 * unit of the batch then sees an earlier unit's row.
 */
export interface RowInserts {
  insert<Row>(statement: RowsInsert<Row>, row: Row): Promise<boolean>;
  flush(): Promise<void>;
}

/** Writes one row at once: true when it was written, false when it clashed. */
export async function insertRow<Row>(db: Drizzle, statement: RowsInsert<Row>, row: Row): Promise<boolean> {
  return (await statement.write(db, [row])).has(statement.keyOf(row));
}

interface PendingRow {
  readonly row: unknown;
  resolve(written: boolean): void;
  reject(reason: unknown): void;
}

/**
 * The inserts of one group commit's batch. While deferring, a unit's insert waits for flush(), which writes the
 * rows every unit of the batch inserted into a table in one statement: one round trip for the batch instead
 * of one per unit (on this machine a statement costs the service ~100 µs of CPU). Inserts made after the flush,
 * or in a batch that does not defer (each unit in a savepoint of its own), are written at once.
 */
export class DeferredInserts implements RowInserts {
  private pending = new Map<RowsInsert<unknown>, PendingRow[]>();
  private state: 'deferring' | 'flushed' | 'abandoned';

  constructor(
    private readonly db: Drizzle,
    defer: boolean,
  ) {
    this.state = defer ? 'deferring' : 'flushed';
  }

  /** True until flush(): an insert now waits for it. */
  get deferring(): boolean {
    return this.state === 'deferring';
  }

  /** The inserts as one unit of work sees them, telling the batch when that unit first waits on one. */
  forUnit(): UnitInserts {
    return new UnitInserts(this);
  }

  async insert<Row>(statement: RowsInsert<Row>, row: Row): Promise<boolean> {
    if (this.state === 'abandoned') throw new Error('the batch was rolled back');
    if (this.state === 'flushed') return insertRow(this.db, statement, row);
    const rows = this.pending.get(statement as RowsInsert<unknown>) ?? [];
    this.pending.set(statement as RowsInsert<unknown>, rows);
    return new Promise<boolean>((resolve, reject) => rows.push({ row, resolve, reject }));
  }

  /** Writes every waiting row, a statement per table, and tells each unit whether its row was written. */
  async flush(): Promise<void> {
    if (this.state !== 'deferring') return;
    this.state = 'flushed';
    const pending = [...this.pending];
    this.pending.clear();
    for (const [index, [statement, rows]] of pending.entries()) {
      let written: ReadonlySet<string>;
      try {
        written = await statement.write(this.db, rows.map(({ row }) => row));
      } catch (error) {
        for (const [, unwritten] of pending.slice(index)) for (const { reject } of unwritten) reject(error);
        throw error;
      }
      for (const { row, resolve } of rows) resolve(written.has(statement.keyOf(row)));
    }
  }

  /** Fails every waiting insert, so that each unit of a batch about to roll back comes to an end first. */
  abandon(): void {
    if (this.state !== 'deferring') return;
    this.state = 'abandoned';
    for (const rows of this.pending.values()) for (const { reject } of rows) reject(new Error('the batch was rolled back'));
    this.pending.clear();
  }
}

/** One unit of work's view of the batch's inserts: whether it waits on one, and whether any of its rows was written. */
export class UnitInserts implements RowInserts {
  private wroteYet = false;
  private signalWait: () => void = () => undefined;
  /** Resolves when this unit first waits on an insert: it has gone as far as it can before the flush. */
  readonly firstInsert = new Promise<void>((resolve) => (this.signalWait = resolve));

  constructor(private readonly batch: DeferredInserts) {}

  get wrote(): boolean {
    return this.wroteYet;
  }

  async insert<Row>(statement: RowsInsert<Row>, row: Row): Promise<boolean> {
    if (this.batch.deferring) this.signalWait();
    const written = await this.batch.insert(statement, row);
    if (written) this.wroteYet = true;
    return written;
  }

  flush(): Promise<void> {
    return this.batch.flush();
  }
}
