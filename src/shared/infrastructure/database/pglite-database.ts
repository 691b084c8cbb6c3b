import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { Database, type Drizzle } from './database.js';
import { MIGRATIONS_FOLDER } from './migrations-folder.js';

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
    if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
    const client = dataDir === null ? new PGlite() : new PGlite(dataDir);
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return new PgliteDatabase(client, db as unknown as Drizzle);
  }

  override async close(): Promise<void> {
    if (!this.client.closed) await this.client.close();
  }
}
