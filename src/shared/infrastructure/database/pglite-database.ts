import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { Database, type Drizzle } from './database.js';
import { MIGRATIONS_FOLDER } from './migrations-folder.js';
import { initdbInChildProcess, needsInitdb } from './pglite-initdb.js';

/**
 * Server settings, given at every start so that they hold for existing data directories too (initdb
 * writes 128MB into postgresql.conf). PGlite zero-fills shared_buffers when it starts and WASM memory
 * never shrinks, so all of it stays resident: 128 MB was most of the embedded database's footprint.
 * Writes run as fast with 32 MB, also once the database outgrows it: evicted pages stay in the OS cache.
 */
export const PGLITE_SETTINGS = { shared_buffers: '32MB' } as const;

/** PGlite's own start-up parameters, then ours: a later -c wins. */
export const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
];

/** Embedded PostgreSQL in this process: files under dataDir, or in memory when dataDir is null (tests). */
export class PgliteDatabase extends Database {
  readonly engine = 'pglite';

  private constructor(
    private readonly client: PGlite,
    readonly db: Drizzle,
  ) {
    super();
  }

  static async open(dataDir: string | null): Promise<PgliteDatabase> {
    if (dataDir !== null) {
      mkdirSync(dataDir, { recursive: true });
      if (needsInitdb(dataDir)) await initdbInChildProcess(dataDir);
    }
    const options = { startParams: PGLITE_START_PARAMS };
    const client = dataDir === null ? new PGlite(options) : new PGlite(dataDir, options);
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return new PgliteDatabase(client, db as unknown as Drizzle);
  }

  override async close(): Promise<void> {
    if (!this.client.closed) await this.client.close();
  }
}
