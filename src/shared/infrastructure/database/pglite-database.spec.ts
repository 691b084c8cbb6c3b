import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { PGLITE_SETTINGS, PgliteDatabase } from './pglite-database.js';
import { initdbInChildProcess } from './pglite-initdb.js';

async function settingsOf(database: PgliteDatabase): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.keys(PGLITE_SETTINGS).map(async (name) => {
      const result = (await database.db.execute(sql.raw(`SHOW ${name}`))) as unknown as { rows: Record<string, string>[] };
      return [name, result.rows[0]?.[name]] as const;
    }),
  );
  return Object.fromEntries(entries);
}

describe('PgliteDatabase', () => {
  it('runs with its own settings in memory', async () => {
    const database = await PgliteDatabase.open(null);
    try {
      expect(await settingsOf(database)).toEqual(PGLITE_SETTINGS);
      expect(PGLITE_SETTINGS.shared_buffers).toBe('32MB');
    } finally {
      await database.close();
    }
  });

  describe('on disk', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'herald-pglite-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates the cluster of an empty directory, then runs with its own settings, not those initdb wrote', async () => {
      let database = await PgliteDatabase.open(dir);
      await database.close();
      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
      expect(readFileSync(join(dir, 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 128MB/m);

      database = await PgliteDatabase.open(dir); // a restart: the same settings on the existing cluster
      try {
        expect(await settingsOf(database)).toEqual(PGLITE_SETTINGS);
      } finally {
        await database.close();
      }
    }, 120_000);
  });

  it('names the directory it could not create a database in', async () => {
    await expect(initdbInChildProcess('/dev/null/herald')).rejects.toThrow(/could not create a database in \/dev\/null\/herald: \S/);
  });
});
