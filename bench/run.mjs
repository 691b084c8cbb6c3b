// The benchmark runner: starts every server and load generator as its own process on 127.0.0.1, runs
// the scenarios of issue 5 (held, fan-out, latency, writes, replay), the idle RSS of issue 8 and the
// cluster of issue 12, prints one table with every figure and its ratios, and writes
// bench/results/<timestamp>.json, latest.json and SVG charts.
//
//   node bench/run.mjs             the full run (npm run bench builds dist/ first)
//   node bench/run.mjs --quick     the smoke test: same code, tiny numbers, no verdicts
//   --only=held,fanout,latency,writes,replay,resume-wave,idle,cluster
//   --servers=raw,nest,better-sse,herald,herald-direct,herald-pg,herald-direct-pg
//   --rounds=3                     rounds of the stream scenarios (servers rotated each round; medians)
//   --rate=100                     events/s of the latency scenario
//   --streams=1000,10000           override the stream counts of held and fan-out
//   --profile                      run herald servers under node --cpu-prof, print their top frames
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { FULL, QUICK } from './lib/config.mjs';
import { sleep, startChild, waitFor } from './lib/proc.mjs';
import { Histogram } from './lib/histogram.mjs';
import { topFrames } from './lib/profile-top.mjs';
import { report } from './lib/report.mjs';
import { combineRounds, rotated } from './lib/rounds.mjs';
import { cluster } from './scenarios/cluster.mjs';
import { idleRss } from './scenarios/idle-rss.mjs';
import { resumeWave } from './scenarios/resume-wave.mjs';
import { attachStrace, straceAvailable } from './lib/strace.mjs';
import { dropAllScratch, pgliteStore, postgresAvailable, postgresStore, ROOT } from './lib/stores.mjs';

const BENCH = join(ROOT, 'bench');
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const config = structuredClone(args.quick ? QUICK : FULL);
if (args.rounds) config.rounds = Number(args.rounds);
if (args.rate) config.latency.rate = Number(args.rate);
if (args.streams) config.heldStreams = config.fanoutStreams = config.postgresStreams = args.streams.split(',').map(Number);
const only = args.only ? new Set(args.only.split(',')) : null;
const wanted = (scenario) => !only || only.has(scenario);
// Herald runs as the real service on either store with either stream writer (SSE_WRITER, issue 13).
const HERALDS = {
  herald: { store: 'pglite', writer: 'nest' },
  'herald-direct': { store: 'pglite', writer: 'direct' },
  'herald-pg': { store: 'postgres', writer: 'nest' },
  'herald-direct-pg': { store: 'postgres', writer: 'direct' },
};
const SERVERS = ['raw', 'nest', 'better-sse', ...Object.keys(HERALDS)];
const servers = args.servers ? args.servers.split(',') : SERVERS;
const FRAME_BYTES = 260; // one event on the wire, about: chunk framing, event, id, 200-byte data

const started = Date.now();
const log = (...parts) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s]`, ...parts);

if (!existsSync(join(ROOT, 'dist/app.js'))) {
  console.error('bench: dist/app.js is missing; run `npm run build` first (npm run bench does)');
  process.exit(1);
}

const results = {
  meta: {
    date: new Date().toISOString(),
    mode: config.mode,
    config,
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node: process.version,
      loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
    },
  },
  held: {},
  fanout: {},
  latency: {},
  writes: {},
  replay: {},
  idle: {},
  profiles: {},
  problems: [],
};

const clients = [];
let writer = null;

/** A server under test in a fresh process; herald gets a fresh store (released by stopServer). */
async function startServer(label, streams, round) {
  const herald = HERALDS[label];
  const store = herald ? await (herald.store === 'pglite' ? pgliteStore() : postgresStore()) : null;
  const options = herald ? { ...store.options, env: { SSE_WRITER: herald.writer } } : {};
  try {
    return { ...(await forkServer(herald ? 'herald' : label, options, `${label}-${streams}-r${round + 1}`)), label, store, streams };
  } catch (error) {
    await store?.release();
    throw error;
  }
}

/** Forks servers/server.mjs for a kind; herald under --cpu-prof when the run was given --profile. */
async function forkServer(kind, options, name) {
  const execArgv = ['--expose-gc'];
  let profileDir = null;
  if (args.profile && kind === 'herald') {
    profileDir = join(BENCH, 'results', 'tmp', 'profiles', `${name}-${Date.now()}`);
    mkdirSync(profileDir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  const { child, ready } = await startChild(join(BENCH, 'servers/server.mjs'), { name: `${name}-server`, args: [kind, JSON.stringify(options)], execArgv });
  return { child, port: ready.port, pid: ready.pid, profileDir, name, windows: [] };
}

function reportProfile(server) {
  if (!server.profileDir) return;
  const top = topFrames(server.profileDir, 25);
  if (!top) return;
  const windows = {};
  for (const { scenario, from, to } of server.windows ?? []) (windows[scenario] ??= []).push({ from, to });
  const whole = { 'whole process': top, ...Object.fromEntries(Object.entries(windows).map(([scenario, list]) => [scenario, topFrames(server.profileDir, 25, list)])) };
  results.profiles[server.name] = whole;
  for (const [part, profile] of Object.entries(whole)) {
    if (/warm-up|strace/.test(part)) continue;
    log(`profile of ${server.name}, ${part} (${server.profileDir}): ${profile.busyMs.toFixed(0)} ms busy, ${profile.idleMs.toFixed(0)} ms idle; top frames by self time:`);
    for (const frame of profile.frames.slice(0, 15)) log(`  ${frame.selfPct.toFixed(1).padStart(5)} %  ${frame.selfMs.toFixed(0).padStart(6)} ms  ${frame.name}  ${frame.where}`);
  }
}

async function stopServer(server) {
  await server.child.stop();
  await server.store?.release().catch((error) => results.problems.push(`${server.label}: store release: ${error.message}`));
  reportProfile(server);
}

const split = (total, parts) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

async function clientStats() {
  const all = await Promise.all(clients.map((client) => client.request('stats')));
  const sum = (key) => all.reduce((total, stats) => total + stats[key], 0);
  const failures = {};
  for (const stats of all) for (const [reason, count] of Object.entries(stats.failures)) failures[reason] = (failures[reason] ?? 0) + count;
  const latency = all.some((stats) => stats.latency) ? all.reduce((merged, stats) => (stats.latency ? merged.add(Histogram.from(stats.latency)) : merged), new Histogram()) : null;
  return {
    open: sum('open'),
    events: sum('events'),
    bytes: sum('bytes'),
    opened: sum('opened'),
    failed: sum('failed'),
    droppedAfterOpen: sum('droppedAfterOpen'),
    failures,
    clientCpuMicros: all.reduce((total, stats) => total + stats.cpu.user + stats.cpu.system, 0),
    minEvents: Math.min(...all.filter((stats) => stats.open > 0).map((stats) => stats.minEvents)),
    latency,
  };
}

async function closeStreams(server) {
  await Promise.all(clients.map((client) => client.request('closeAll')));
  if (server) await waitFor(async () => (await server.child.request('status')).sockets === 0, { timeoutMs: 10_000, intervalMs: 50 });
}

// ---------------------------------------------------------------------------------------------- held

async function held(server, streams) {
  const before = await server.child.request('memory');
  const m0 = await server.child.request('mark');
  const connectStart = performance.now();
  const counts = split(streams, clients.length);
  await Promise.all(
    clients.map((client, i) =>
      client.request('connect', { port: server.port, path: '/events', count: counts[i], concurrency: Math.ceil(config.connectConcurrency / clients.length), timeoutMs: 120_000 }, 130_000),
    ),
  );
  const connectMs = performance.now() - connectStart;
  server.windows.push({ scenario: 'connect', from: m0.hrMicros, to: (await server.child.request('mark')).hrMicros });
  await sleep(config.settleMs);
  const status = await server.child.request('status');
  const after = await server.child.request('memory');
  const stats = await clientStats();
  const opened = stats.opened;
  const result = {
    streams,
    opened,
    failed: stats.failed,
    droppedAfterOpen: stats.droppedAfterOpen,
    errors: stats.failed + stats.droppedAfterOpen,
    failures: stats.failures,
    serverStreams: status.streams,
    serverSockets: status.sockets,
    connectMs,
    before,
    after,
    rssPerStream: opened > 0 ? (after.rss - before.rss) / opened : null,
    heapPerStream: opened > 0 ? (after.heapUsed - before.heapUsed) / opened : null,
  };
  log(
    `held     ${server.label.padEnd(16)} ${String(streams).padStart(6)}: ${opened} open, ${result.errors} errors, RSS ${(result.rssPerStream / 1000).toFixed(1)} kB/stream, heap ${(result.heapPerStream / 1000).toFixed(1)} kB/stream (connect ${(connectMs / 1000).toFixed(1)} s)`,
  );
  if (result.errors > 0) log(`         failures: ${JSON.stringify(stats.failures)}`);
  return result;
}

// -------------------------------------------------------------------------------------------- fan-out

/**
 * Publishes as fast as the clients take the events: the server may run at most `window` events ahead of
 * the slowest stream (credit sent by the runner from the clients' progress reports, every 20 ms), so
 * that what is measured is delivered, not piled up in kernel buffers. The window ends once every open
 * stream has every event; server CPU over it, divided by the deliveries, is the CPU per delivery.
 */
async function floodWindow(server, { durationMs, maxEvents, trace = false, label = 'fan-out' }) {
  const startStats = await clientStats();
  const open = startStats.open;
  const openPerClient = (await Promise.all(clients.map((client) => client.request('stats')))).map((stats) => stats.open);
  const window = Math.max(4, Math.min(128, Math.floor((64 * 2 ** 20) / (Math.max(open, 1) * FRAME_BYTES))));
  await Promise.all(clients.map((client) => client.request('reset', { latency: false })));
  const progress = new Map();
  const totalEvents = () => [...progress.values()].reduce((total, message) => total + message.events, 0);
  const listeners = clients.map((client, i) =>
    client.onMessage((message) => {
      if (message?.type !== 'progress') return;
      progress.set(i, message);
      let slowest = Infinity;
      for (let j = 0; j < clients.length; j += 1) if (openPerClient[j] > 0) slowest = Math.min(slowest, progress.get(j)?.min ?? 0);
      if (slowest !== Infinity) server.child.send('credit', { upTo: slowest + window });
    }),
  );
  const tracer = trace ? await attachStrace(server.pid) : null;
  try {
    await Promise.all(clients.map((client) => client.request('watch', { intervalMs: 20 })));
    const m0 = await server.child.request('mark');
    const flood = server.child.request('flood', { durationMs, maxEvents }, durationMs + 120_000);
    server.child.send('credit', { upTo: window });
    const { published } = await flood;
    const expected = published * open;
    const drained = await waitFor(() => totalEvents() >= expected, { timeoutMs: Math.max(10_000, durationMs * 2), intervalMs: 5 });
    const m1 = await server.child.request('mark');
    server.windows.push({ scenario: label, from: m0.hrMicros, to: m1.hrMicros });
    const syscalls = tracer ? await tracer.stop() : null;
    const stats = await clientStats();
    const deliveries = stats.events;
    const seconds = (m1.at - m0.at) / 1000;
    const cpuMicros = m1.cpu.user - m0.cpu.user + (m1.cpu.system - m0.cpu.system);
    return {
      open,
      window,
      published,
      deliveries,
      lost: Math.max(0, expected - deliveries),
      drained,
      seconds,
      deliveriesPerSecond: deliveries / seconds,
      cpuMicrosPerDelivery: deliveries > 0 ? cpuMicros / deliveries : null,
      serverCpuShare: cpuMicros / 1e6 / seconds,
      clientCpuMicrosPerDelivery: deliveries > 0 ? (stats.clientCpuMicros - startStats.clientCpuMicros) / deliveries : null,
      syscalls,
      syscallsPerDelivery: syscalls && deliveries > 0 ? (syscalls.write + syscalls.writev) / deliveries : null,
      writevPerDelivery: syscalls && deliveries > 0 ? syscalls.writev / deliveries : null,
    };
  } finally {
    listeners.forEach((remove) => remove());
    await Promise.all(clients.map((client) => client.request('unwatch')));
  }
}

async function fanout(server, streams) {
  const { warmupMs, durationMs, maxEvents, straceMs } = config.fanout;
  await floodWindow(server, { durationMs: warmupMs, maxEvents, label: 'fan-out warm-up' });
  const measured = await floodWindow(server, { durationMs, maxEvents });
  let traced = null;
  if (straceMs > 0 && straceAvailable()) traced = await floodWindow(server, { durationMs: straceMs, maxEvents, trace: true, label: 'fan-out under strace' });
  const result = {
    streams,
    ...measured,
    syscalls: traced?.syscalls ?? null,
    syscallsPerDelivery: traced?.syscallsPerDelivery ?? null,
    writevPerDelivery: traced?.writevPerDelivery ?? null,
    tracedDeliveries: traced?.deliveries ?? null,
  };
  log(
    `fan-out  ${server.label.padEnd(16)} ${String(streams).padStart(6)}: ${Math.round(result.deliveriesPerSecond).toLocaleString('en')} deliveries/s, ${result.cpuMicrosPerDelivery?.toFixed(2)} µs CPU/delivery (server busy ${(result.serverCpuShare * 100).toFixed(0)} %), ${result.syscallsPerDelivery === null ? 'no strace' : `${result.syscallsPerDelivery.toFixed(2)} write(v)/delivery`}${result.lost ? `, ${result.lost} LOST` : ''}`,
  );
  return result;
}

// -------------------------------------------------------------------------------------------- latency

async function rateWindow(server, { rate, durationMs, label = 'latency' }) {
  await Promise.all(clients.map((client) => client.request('reset', { latency: true })));
  const open = (await clientStats()).open;
  const m0 = await server.child.request('mark');
  const { published, late, elapsedMs } = await server.child.request('rate', { rate, durationMs }, durationMs + 60_000);
  await waitFor(async () => (await clientStats()).events >= published * open, { timeoutMs: 10_000, intervalMs: 50 });
  const stats = await clientStats();
  const m1 = await server.child.request('mark');
  server.windows.push({ scenario: label, from: m0.hrMicros, to: m1.hrMicros });
  return { open, published, late, elapsedMs, received: stats.events, expected: published * open, histogram: stats.latency };
}

async function latency(server) {
  const { rate, warmupMs, durationMs } = config.latency;
  await rateWindow(server, { rate, durationMs: warmupMs, label: 'latency warm-up' });
  const window = await rateWindow(server, { rate, durationMs });
  const h = window.histogram;
  const result = {
    streams: window.open,
    rate,
    scheduled: Math.floor((durationMs / 1000) * rate),
    published: window.published,
    achievedRate: window.published / (window.elapsedMs / 1000),
    publishedLate: window.late,
    received: window.received,
    lost: Math.max(0, window.expected - window.received),
    p50Ms: h.percentile(0.5) / 1000,
    p90Ms: h.percentile(0.9) / 1000,
    p99Ms: h.percentile(0.99) / 1000,
    maxMs: h.max / 1000,
    meanMs: h.sum / h.count / 1000,
  };
  log(`latency  ${server.label.padEnd(16)} ${String(result.streams).padStart(6)} @ ${rate}/s: p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, max ${result.maxMs.toFixed(2)} ms, published ${result.published} of ${result.scheduled} (${result.achievedRate.toFixed(0)}/s)${result.lost ? `, ${result.lost} LOST` : ''}`);
  return result;
}

// --------------------------------------------------------------------------------------------- replay

async function replay(server) {
  await closeStreams(server);
  const { events, runs } = config.replay;
  const { head } = await server.child.request('fill', { count: events }, 300_000);
  await sleep(1200); // the ordered feed's poll has caught up; nothing is left in flight
  const times = [];
  const details = [];
  for (let run = 0; run < runs; run += 1) {
    const m0 = await server.child.request('mark');
    const answer = await clients[0].request('replay', { port: server.port, path: '/events', lastEventId: head - events, expect: events, timeoutMs: 60_000 }, 70_000);
    times.push(answer.ms);
    details.push(answer);
    server.windows.push({ scenario: 'replay', from: m0.hrMicros, to: (await server.child.request('mark')).hrMicros });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const result = { events, runs: times, medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], maxMs: sorted.at(-1), details };
  log(`replay   ${server.label.padEnd(16)} ${events} events behind: ${times.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (median ${result.medianMs.toFixed(0)} ms)`);
  return result;
}

// --------------------------------------------------------------------------------------------- writes

async function writes(engine) {
  const runs = { baseline: [], herald: [] };
  // Baseline and Herald alternate, ABBA…: a machine that slows down or speeds up during the run weighs on both alike.
  for (let round = 0; round < config.writes.rounds; round += 1) {
    const order = round % 2 === 0 ? ['nest-writes', 'herald'] : ['herald', 'nest-writes'];
    for (const label of order) {
      const side = label === 'herald' ? 'herald' : 'baseline';
      const r = await writeRun(label, engine);
      runs[side].push(r);
      log(`writes   ${`${label}/${engine}`.padEnd(20)}: ${r.requestsPerSecond.toFixed(0)} req/s, p99 ${r.latencyMs.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
    }
  }
  results.writes[engine] = { baseline: combineRuns(runs.baseline), herald: combineRuns(runs.herald) };
}

/** One autocannon run against a fresh server on a fresh store. */
async function writeRun(label, engine) {
  const store = engine === 'pglite' ? await pgliteStore() : await postgresStore();
  let server = null;
  try {
    server = await forkServer(label, store.options, `${label}-writes-${engine}`);
    const { durationS, warmupS, connections } = config.writes;
    const m0 = await server.child.request('mark');
    const result = await writer.request('write', { port: server.port, durationS, warmupS, connections }, (durationS + warmupS + 60) * 1000);
    server.windows.push({ scenario: 'writes', from: m0.hrMicros + warmupS * 1e6, to: (await server.child.request('mark')).hrMicros });
    return result;
  } finally {
    await server?.child.stop();
    await store.release();
    if (server) reportProfile(server);
  }
}

/** The rounds of one side as one figure: mean rate and latencies, summed counts; each round kept in `rounds`. */
function combineRuns(runs) {
  const mean = (pick) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  const sum = (pick) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    requestsPerSecond: mean((run) => run.requestsPerSecond),
    total: sum((run) => run.total),
    latencyMs: Object.fromEntries(Object.keys(runs[0].latencyMs).map((key) => [key, mean((run) => run.latencyMs[key])])),
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    connections: runs[0].connections,
    durationS: sum((run) => run.durationS),
    rounds: runs,
  };
}

// ---------------------------------------------------------------------------------------- one round

/** One server, fresh, through the stream scenarios of a step; each result goes to its list in `rounds`. */
async function streamRound(label, streams, round, step, rounds) {
  const keep = (scenario, result) => ((rounds[scenario][label] ??= []).push(result), result);
  const server = await startServer(label, streams, round);
  try {
    if (step.held || step.fanout || step.latency) {
      const result = await held(server, streams);
      if (step.held) keep('held', result);
      if (result.opened === 0) throw new Error(`${label}: no stream opened`);
    }
    if (step.fanout) keep('fanout', await fanout(server, streams));
    if (step.latency) keep('latency', await latency(server));
    if (step.replay && HERALDS[label]) keep('replay', await replay(server));
  } catch (error) {
    results.problems.push(`${label} at ${streams} streams, round ${round + 1}: ${error.message}`);
    log(`PROBLEM  ${label} at ${streams} streams, round ${round + 1}: ${error.message}`);
  } finally {
    await closeStreams(null);
    await stopServer(server);
  }
}

// ----------------------------------------------------------------------------------------------- main

async function main() {
  log(`bench ${config.mode}: ${results.meta.machine.cores} × ${results.meta.machine.cpu}, load average ${results.meta.machine.loadAverageAtStart.join(' ')}`);
  const pg = await postgresAvailable();
  if (!pg) results.problems.push('PostgreSQL at 127.0.0.1:5432 not reachable: herald-pg and PostgreSQL writes skipped');
  const strace = config.fanout.straceMs > 0 && straceAvailable();
  if (!strace) results.problems.push('strace not available or cannot attach: syscalls per delivery skipped');
  results.meta.strace = strace;
  results.meta.postgres = pg;

  for (let i = 0; i < config.clientProcesses; i += 1) {
    const { child } = await startChild(join(BENCH, 'load/sse-client.mjs'), { name: `client-${i}`, timeoutMs: 60_000 });
    clients.push(child);
  }

  const streamSteps = [...new Set([...(wanted('held') ? config.heldStreams : []), ...(wanted('fanout') ? config.fanoutStreams : []), ...(wanted('latency') || wanted('replay') ? [config.latency.streams] : [])])].sort((a, b) => a - b);
  for (const streams of streamSteps) {
    const step = {
      held: wanted('held') && config.heldStreams.includes(streams),
      fanout: wanted('fanout') && config.fanoutStreams.includes(streams),
      latency: wanted('latency') && config.latency.streams === streams,
      replay: wanted('replay') && config.latency.streams === streams,
    };
    const labels = servers.filter((label) => SERVERS.includes(label)).filter((label) => {
      if (HERALDS[label]?.store === 'postgres' && (!pg || !config.postgresStreams.includes(streams))) return false;
      return step.held || step.fanout || step.latency || (step.replay && HERALDS[label]);
    });
    const rounds = { held: {}, fanout: {}, latency: {}, replay: {} };
    for (let round = 0; round < config.rounds; round += 1) {
      if (config.rounds > 1) log(`round ${round + 1} of ${config.rounds} at ${streams} streams: ${rotated(labels, round).join(', ')}`);
      for (const label of rotated(labels, round)) await streamRound(label, streams, round, step, rounds);
    }
    // The median of the rounds (the replay's own runs are already a median within each round).
    const by = { held: 'rssPerStream', fanout: 'cpuMicrosPerDelivery', latency: 'p99Ms', replay: 'medianMs' };
    for (const [scenario, byLabel] of Object.entries(rounds)) {
      for (const [label, list] of Object.entries(byLabel)) {
        const combined = combineRounds(list, by[scenario]);
        if (scenario === 'held' || scenario === 'fanout') (results[scenario][label] ??= {})[streams] = combined;
        else results[scenario][label] = combined;
      }
    }
  }

  if (wanted('writes') && servers.some((name) => name.startsWith('herald') || name === 'nest')) {
    writer = (await startChild(join(BENCH, 'load/writer.mjs'), { name: 'writer' })).child;
    for (const engine of pg ? ['pglite', 'postgres'] : ['pglite']) {
      try {
        await writes(engine);
      } catch (error) {
        results.problems.push(`writes on ${engine}: ${error.message}`);
        log(`PROBLEM  writes on ${engine}: ${error.message}`);
      }
    }
  }

  if (wanted('idle')) {
    const labels = servers.filter((name) => name === 'herald' || (name === 'herald-pg' && pg));
    await idleRss({ labels, ...config.idle, log, results });
  }

  if (wanted('resume-wave')) {
    const labels = servers.filter((name) => name === 'herald' || (name === 'herald-pg' && pg));
    await resumeWave({ quick: config.mode === 'quick', labels, clients, startChild, forkServer, bench: BENCH, log, results });
  }

  if (wanted('cluster')) await cluster({ quick: config.mode === 'quick', clients, forkServer, log, results });

  results.meta.durationS = (Date.now() - started) / 1000;
  await report(results, join(BENCH, 'results'));
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await Promise.all([...clients, writer].filter(Boolean).map((child) => child.stop(2000)));
  await dropAllScratch();
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
