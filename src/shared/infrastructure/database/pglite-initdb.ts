import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// What the child runs: PGlite finds no cluster, runs initdb, copies it into the directory, and closes.
const CHILD = `
const { PGlite } = require(process.argv[1]);
const database = new PGlite(process.argv[2]);
database.waitReady.then(() => database.close()).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});`;

/** True when the directory holds no cluster yet: PGlite looks for the same file. */
export function needsInitdb(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Creates the cluster of an empty data directory in a short-lived child process. In this process,
 * initdb would leave its peak behind for good: a second WASM PostgreSQL, the cluster copied through a
 * tarball, and the freed memory that V8 and malloc keep (~230 MB more at idle than on a reopen). A
 * child gives all of it back when it exits; the caller then opens the directory as on any restart.
 */
export function initdbInChildProcess(dataDir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', CHILD, pglite, dataDir], { maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`PGlite could not create a database in ${dataDir}: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
