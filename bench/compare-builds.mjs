// Builds against builds: POST /users on PostgreSQL, for two or more revisions of Herald, alternated in one
// run. The writes scenario of run.mjs compares Herald with a baseline server; this answers "did a change make
// writes slower?", which on a noisy machine only a same-run comparison can: each build serves the same load
// (autocannon, 10 connections, a new user a request) on a fresh database, in an order rotated every round, and
// each figure is the median of its rounds, with the server's CPU per request beside the rate.
//
//   node bench/compare-builds.mjs <rev> <rev>...   git revisions; "." is this checkout as built (npm run build)
//   --rounds=8 --seconds=6 --connections=10        per build: rounds, measured seconds a round, connections
//   --env=EVENT_BROKER=memory,LOG_LEVEL=error      settings for every build's server
//   --keep                                         keep the worktrees built for the revisions (reused next time)
//
// A revision is checked out into a git worktree under the system's temporary directory and built there
// (npm ci, unless its package-lock.json is this checkout's: then it shares node_modules/; npm run build).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './lib/proc.mjs';
import { median, rotated } from './lib/rounds.mjs';
import { dropAllScratch, postgresAvailable, postgresStore, ROOT } from './lib/stores.mjs';

const BENCH = join(ROOT, 'bench');
const WARMUP_S = 2;
const options = { rounds: 8, seconds: 6, connections: 10, env: '', keep: false };
const revisions = [];
for (const arg of process.argv.slice(2)) {
  const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
  if (!match) revisions.push(arg);
  else if (match[1] in options) options[match[1]] = match[2] === undefined ? true : typeof options[match[1]] === 'number' ? Number(match[2]) : match[2];
  else fail(`unknown option ${arg}`);
}
if (revisions.length < 2) fail('usage: node bench/compare-builds.mjs <rev> <rev>... [--rounds=8] [--seconds=6] [--connections=10] [--env=K=V,...] [--keep]');
if (![options.rounds, options.seconds, options.connections].every((n) => Number.isInteger(n) && n > 0)) fail('--rounds, --seconds and --connections take positive whole numbers');
const env = Object.fromEntries(options.env.split(',').filter(Boolean).map((pair) => pair.split(/=(.*)/s, 2)));
if (!(await postgresAvailable())) fail('PostgreSQL is not reachable (BENCH_POSTGRES_SERVER, default postgres://postgres@127.0.0.1:5432)');

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const started = Date.now();
const log = (...parts) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s]`, ...parts);

function fail(message) {
  console.error(`compare-builds: ${message}`);
  process.exit(1);
}

/** A directory holding the revision built: this checkout for ".", else a worktree of the commit. */
function build(revision) {
  if (revision === '.') {
    if (!existsSync(join(ROOT, 'dist/app.js'))) fail('dist/app.js is missing; run `npm run build` first');
    return { label: 'this checkout', root: ROOT, made: false };
  }
  const commit = git('rev-parse', '--verify', `${revision}^{commit}`);
  const label = commit.startsWith(revision) ? commit.slice(0, 7) : `${revision} (${commit.slice(0, 7)})`;
  const root = join(tmpdir(), `herald-build-${commit.slice(0, 12)}`);
  if (existsSync(join(root, 'dist/app.js'))) return { label, root, made: false };
  log(`building ${label} in ${root}`);
  rmSync(root, { recursive: true, force: true });
  git('worktree', 'prune');
  execFileSync('git', ['worktree', 'add', '--quiet', '--detach', '--force', root, commit], { cwd: ROOT, stdio: 'inherit' });
  const run = (...args) => execFileSync('npm', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (readFileSync(join(root, 'package-lock.json'), 'utf8') === readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) {
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  } else run('ci', '--no-audit', '--no-fund', '--loglevel=error');
  run('run', 'build');
  return { label, root, made: true };
}

const startServer = async (root, databaseUrl) =>
  (await startChild(join(BENCH, 'servers/server.mjs'), { name: 'herald-build', args: ['herald-build', JSON.stringify({ root, databaseUrl, env })] })).child;

/** One round of one build: a fresh database, a warm-up, then the measured load and the server's CPU over it. */
async function measure(writer, { root }) {
  const store = await postgresStore();
  let server = null;
  try {
    server = await startServer(root, store.options.databaseUrl);
    const { port } = await server.request('info');
    const load = (durationS) => writer.request('write', { port, durationS, connections: options.connections }, (durationS + 60) * 1000);
    await load(WARMUP_S);
    const before = (await server.request('mark')).cpu;
    const result = await load(options.seconds);
    const after = (await server.request('mark')).cpu;
    const cpuMicros = after.user + after.system - before.user - before.system;
    return { rps: result.requestsPerSecond, p99: result.latencyMs.p99, failed: result.non2xx + result.errors, cpuPerRequest: cpuMicros / Math.max(1, result.total) };
  } finally {
    await server?.stop();
    await store.release();
  }
}

const builds = revisions.map(build);
const writer = (await startChild(join(BENCH, 'load/writer.mjs'), { name: 'writer' })).child;
const runs = new Map(builds.map((b) => [b, []]));
try {
  log(`${builds.length} builds, ${options.rounds} rounds of ${options.seconds} s, ${options.connections} connections${options.env ? `, ${options.env}` : ''}`);
  for (let round = 0; round < options.rounds; round += 1) {
    for (const b of rotated(builds, round)) {
      const r = await measure(writer, b);
      runs.get(b).push(r);
      log(`round ${round + 1}  ${b.label.padEnd(24)} ${r.rps.toFixed(0).padStart(6)} req/s  ${r.cpuPerRequest.toFixed(0).padStart(5)} µs CPU/request  p99 ${r.p99} ms${r.failed ? `  ${r.failed} failed` : ''}`);
    }
  }
  const first = builds[0];
  const figure = (b, pick) => median(runs.get(b).map(pick));
  console.log('\nmedians (lowest–highest)');
  for (const b of builds) {
    const list = runs.get(b);
    const [rps, cpu] = [figure(b, (r) => r.rps), figure(b, (r) => r.cpuPerRequest)];
    const range = (pick) => `${Math.min(...list.map(pick)).toFixed(0)}–${Math.max(...list.map(pick)).toFixed(0)}`;
    const ratio = b === first ? '' : `   ${(rps / figure(first, (r) => r.rps)).toFixed(2)}× req/s, ${(cpu / figure(first, (r) => r.cpuPerRequest)).toFixed(2)}× CPU of ${first.label}`;
    console.log(`  ${b.label.padEnd(24)} ${rps.toFixed(0).padStart(6)} req/s (${range((r) => r.rps)})  ${cpu.toFixed(0).padStart(5)} µs CPU/request (${range((r) => r.cpuPerRequest)})  p99 ${figure(b, (r) => r.p99)} ms${ratio}`);
  }
  const failed = [...runs.values()].flat().reduce((sum, r) => sum + r.failed, 0);
  if (failed > 0) console.log(`\n${failed} requests failed: the figures above are not comparable`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  await writer.stop();
  await dropAllScratch();
  for (const b of builds) if (b.made && !options.keep) git('worktree', 'remove', '--force', b.root);
}
