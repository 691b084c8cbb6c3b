import { Logger } from '@nestjs/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { Database, type Drizzle } from './database.js';
import { MIGRATIONS_FOLDER } from './migrations-folder.js';

// Any fixed number: instances starting together take turns at migrating.
const MIGRATION_LOCK = 7_318_004;

/** A PostgreSQL server through a node-postgres pool, which reconnects by itself when the server comes back. */
export class PostgresDatabase extends Database {
  readonly engine = 'postgres';

  private constructor(
    private readonly pool: pg.Pool,
    readonly db: Drizzle,
  ) {
    super();
  }

  static async open(url: string): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 10_000 });
    // An idle client whose server went away must not crash the process; the next query gets a new one.
    const logger = new Logger(PostgresDatabase.name);
    pool.on('error', (error) => logger.warn(`idle database connection lost: ${error.message}`));
    const db = drizzle({ client: pool });
    const lock = await pool.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      lock.release();
    }
    return new PostgresDatabase(pool, db as unknown as Drizzle);
  }

  override async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
