// Idle RSS (issue 8): Herald as `npm start` runs it (node dist/main.js, no bench code in the process),
// given a few users, then left alone; VmRSS read from /proc/<pid>/status. Once on a store it has never
// seen (an empty PGlite directory, so it runs initdb itself; a new PostgreSQL database), then restarted
// on the same store.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, sleep, spawnTracked } from '../lib/proc.mjs';
import { emptyPgliteStore, postgresStore, ROOT } from '../lib/stores.mjs';

const MAIN = join(ROOT, 'dist/main.js');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * Each Herald of `labels` ('herald' on PGlite, 'herald-pg' on PostgreSQL) at once: idle processes hardly
 * compete, and a minute each in turn would add minutes to the full run. Fills results.idle[label].
 */
export async function idleRss({ labels, users, idleMs, log, results }) {
  await Promise.all(
    labels.map(async (label) => {
      try {
        results.idle[label] = await onStore(label, { users, idleMs });
        for (const phase of ['fresh', 'restart']) {
          const r = results.idle[label][phase];
          log(`idle     ${label.padEnd(10)} ${phase.padEnd(7)}: RSS ${mib(r.rssBytes)} after ${idleMs / 1000} s idle with ${users} users (peak ${mib(r.peakBytes)}, answering after ${(r.startMs / 1000).toFixed(1)} s)`);
        }
      } catch (error) {
        results.problems.push(`idle ${label}: ${error.message}`);
        log(`PROBLEM  idle ${label}: ${error.message}`);
      }
    }),
  );
}

async function onStore(label, { users, idleMs }) {
  const store = label === 'herald' ? emptyPgliteStore() : await postgresStore();
  try {
    const env = store.options.dataDir ? { DATA_DIR: store.options.dataDir } : { DATABASE_URL: store.options.databaseUrl };
    const fresh = await idleRun({ env, users, idleMs });
    const restart = await idleRun({ env, users: 0, idleMs });
    return { fresh, restart, users, idleMs };
  } finally {
    await store.release();
  }
}

/** One start: answering, `users` created, `idleMs` left alone, then VmRSS and VmHWM; stopped with SIGTERM. */
async function idleRun({ env, users, idleMs }) {
  const port = await freePort();
  // The parent's environment minus what would pick another store or a broker; otherwise the defaults.
  const { DATABASE_URL: _database, DATA_DIR: _data, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawnTracked(process.execPath, [MAIN], { cwd: ROOT, env: { ...inherited, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const started = performance.now();
    await untilAnswering(port, child, () => stderr);
    const startMs = performance.now() - started;
    for (let n = 1; n <= users; n += 1) await createUser(port, n);
    await sleep(idleMs);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return { rssBytes: statusKiB(status, 'VmRSS') * 1024, peakBytes: statusKiB(status, 'VmHWM') * 1024, startMs };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

function statusKiB(status, field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/<pid>/status`);
  return Number(match[1]);
}

async function untilAnswering(port, child, stderr) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`herald exited while starting: ${stderr().trim().split('\n').slice(-5).join(' | ')}`);
    try {
      await fetch(`http://127.0.0.1:${port}/health/live`);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('herald did not answer within 120 s');
}

async function createUser(port, n) {
  const email = `idle.${process.pid}.${Date.now()}.${n}@example.com`;
  const response = await fetch(`http://127.0.0.1:${port}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: `Idle ${n}` }),
  });
  if (response.status !== 201) throw new Error(`POST /users answered ${response.status}: ${await response.text()}`);
}
