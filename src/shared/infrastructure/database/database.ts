import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** A Drizzle handle on either driver, or a transaction on one: the adapters need nothing more specific. */
export type Drizzle = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** The open database: embedded PGlite or a PostgreSQL pool, migrated and ready. */
export abstract class Database {
  abstract readonly db: Drizzle;
  /** Which engine answers, for logs and health: "pglite" or "postgres". */
  abstract readonly engine: 'pglite' | 'postgres';
  abstract close(): Promise<void>;

  /** Nest calls this on shutdown, after the HTTP server has closed. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
