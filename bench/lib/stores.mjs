// Where Herald and the writes baseline keep their data: a fresh PGlite directory (copied from an
// initialised template, as the e2e tests do; empty for the idle scenario) or a scratch database on the
// local PostgreSQL server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { forgetTempDir, trackTempDir } from './proc.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const POSTGRES_SERVER = process.env.BENCH_POSTGRES_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const PGLITE_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
const CACHE = join(ROOT, 'node_modules/.cache/herald-bench');
const TEMPLATE = join(CACHE, `pglite-${PGLITE_VERSION}`);

async function pgliteTemplate() {
  if (existsSync(TEMPLATE)) return TEMPLATE;
  mkdirSync(CACHE, { recursive: true });
  const building = mkdtempSync(join(CACHE, 'building-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const database = new PGlite(building);
  await database.waitReady;
  await database.close();
  try {
    renameSync(building, TEMPLATE);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return TEMPLATE;
}

/** A fresh, empty PGlite data directory; removed by release() or when the runner exits. */
export async function pgliteStore() {
  const template = await pgliteTemplate();
  const dir = trackTempDir(mkdtempSync(join(tmpdir(), 'herald-bench-')));
  cpSync(template, dir, { recursive: true });
  return { engine: 'pglite', options: { dataDir: dir }, release: async () => forgetTempDir(dir) };
}

/** An empty PGlite data directory, as a first `npm start` finds it: Herald runs initdb itself. */
export function emptyPgliteStore() {
  const dir = trackTempDir(mkdtempSync(join(tmpdir(), 'herald-bench-empty-')));
  return { engine: 'pglite', options: { dataDir: dir }, release: async () => forgetTempDir(dir) };
}

const scratch = new Set();

/** A fresh database on the local PostgreSQL server; dropped by release() (and by dropAllScratch()). */
export async function postgresStore() {
  const name = `herald_bench_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  scratch.add(name);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    engine: 'postgres',
    options: { databaseUrl: url.toString() },
    release: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      scratch.delete(name);
    },
  };
}

export async function dropAllScratch() {
  for (const name of [...scratch]) {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    scratch.delete(name);
  }
}

export async function postgresAvailable() {
  try {
    await admin('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

async function admin(sql) {
  const url = new URL(POSTGRES_SERVER);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
