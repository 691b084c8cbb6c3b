import type { Database, Drizzle } from '../../src/shared/infrastructure/database/database.js';

export interface CountingDatabase {
  readonly database: Database;
  /** How many transactions were begun on it so far. */
  transactions(): number;
}

/** The same database, counting the transactions begun on its Drizzle handle: how many a group commit needed. */
export function countingTransactions(database: Database): CountingDatabase {
  let begun = 0;
  const db = new Proxy(database.db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver);
      return (...args: Parameters<Drizzle['transaction']>) => {
        begun += 1;
        return target.transaction(...args);
      };
    },
  });
  const counted = new Proxy(database, {
    get: (target, property, receiver) => (property === 'db' ? db : Reflect.get(target, property, receiver)),
  });
  return { database: counted, transactions: () => begun };
}
