import type { Drizzle } from './database.js';

// Every statement that can change a row starts from one of these; select() and its builders only read.
const WRITING_METHODS = ['insert', 'update', 'delete', 'execute', 'with', '$with', 'refreshMaterializedView'] as const;

/**
 * The batch's transaction as one unit of work sees it: the same connection, and a note of whether the unit
 * began a statement that may write (raw SQL counts as one). A unit that fails having only read leaves nothing
 * in the transaction to undo.
 */
export class UnitWrites {
  private wroteYet = false;
  readonly tx: Drizzle;

  constructor(shared: Drizzle) {
    const tx = Object.create(shared) as Drizzle;
    for (const method of WRITING_METHODS) {
      const write = Reflect.get(shared, method) as ((...args: unknown[]) => unknown) | undefined;
      if (typeof write !== 'function') continue;
      Object.defineProperty(tx, method, {
        value: (...args: unknown[]) => {
          this.wroteYet = true;
          return write.apply(shared, args);
        },
      });
    }
    this.tx = tx;
  }

  get wrote(): boolean {
    return this.wroteYet;
  }
}
