import type { Drizzle } from './database.js';

// Every statement that can change a row starts from one of these; select() and its builders only read.
const WRITING_METHODS: ReadonlySet<PropertyKey> = new Set(['insert', 'update', 'delete', 'execute', 'with', '$with', 'refreshMaterializedView']);

/**
 * The batch's transaction as one unit of work sees it: the same connection, and a note of whether the unit
 * began a statement that may write (raw SQL counts as one). A unit that fails having only read leaves nothing
 * in the transaction to undo. A proxy: defining noting methods on an object of their own, once a batch, showed
 * in CPU profiles above the rest of the group commit's bookkeeping.
 */
export class UnitWrites {
  private wroteYet = false;
  readonly tx: Drizzle;

  constructor(shared: Drizzle) {
    this.tx = new Proxy(shared, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function' || !WRITING_METHODS.has(property)) return value;
        return (...args: unknown[]) => {
          this.wroteYet = true;
          return (value as (...args: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  get wrote(): boolean {
    return this.wroteYet;
  }
}
