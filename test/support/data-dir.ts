import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PGLITE_PACKAGE = join(ROOT, 'node_modules/@electric-sql/pglite/package.json');
const PGLITE_VERSION = (JSON.parse(readFileSync(PGLITE_PACKAGE, 'utf8')) as { version: string }).version;
// Tool caches live here by convention; the template is an empty cluster, so only the PGlite version keys it.
const CACHE = join(ROOT, 'node_modules/.cache/herald-e2e');
const TEMPLATE = join(CACHE, `pglite-${PGLITE_VERSION}`);

/**
 * A fresh, empty DATA_DIR for one app. A new embedded database spends seconds in initdb, so each
 * starts as a copy of one initialised once and kept; the app then migrates it as it would any empty one.
 */
export async function freshDataDir(): Promise<string> {
  if (!existsSync(TEMPLATE)) await createTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
  cpSync(TEMPLATE, dir, { recursive: true });
  return dir;
}

async function createTemplate(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const building = mkdtempSync(join(CACHE, 'building-'));
  const database = new PGlite(building);
  await database.waitReady;
  await database.close();
  try {
    renameSync(building, TEMPLATE); // atomic: a concurrent worker's copy either wins or loses whole
  } catch {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(TEMPLATE)) throw new Error(`could not create the PGlite template in ${TEMPLATE}`);
  }
}
