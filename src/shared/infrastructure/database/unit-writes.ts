import type { Drizzle } from './database.js';

// Every statement that can change a row starts from one of these; select() and its builders only read.
const WRITING_METHODS = ['insert', 'update', 'delete', 'execute', 'with', '$with', 'refreshMaterializedView'] as const;

const WROTE = Symbol('wrote');

type UnitView = Drizzle & { [WROTE]?: true };

/**
 * The batch's transaction as its units of work see it: the same connection, whose writing methods note on the
 * unit's view they are called through that it began a statement that may write (raw SQL counts as one). A unit
 * that fails having only read leaves nothing in the transaction to undo. The noting methods are made once a
 * batch; a unit's view is one object on top of them.
 */
export class BatchWrites {
  private readonly noting: Drizzle;

  constructor(shared: Drizzle) {
    const noting = Object.create(shared) as Drizzle;
    for (const method of WRITING_METHODS) {
      const write = Reflect.get(shared, method) as ((...args: unknown[]) => unknown) | undefined;
      if (typeof write !== 'function') continue;
      Object.defineProperty(noting, method, {
        value: function (this: UnitView, ...args: unknown[]) {
          this[WROTE] = true;
          return write.apply(shared, args);
        },
      });
    }
    this.noting = noting;
  }

  forUnit(): UnitWrites {
    return new UnitWrites(Object.create(this.noting) as UnitView);
  }
}

/** One unit's view of the batch's transaction, and whether the unit wrote through it. */
export class UnitWrites {
  constructor(readonly tx: UnitView) {}

  get wrote(): boolean {
    return this.tx[WROTE] === true;
  }
}
