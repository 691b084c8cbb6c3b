// The cluster (issue 12): three Herald instances on one PostgreSQL database, the streams split round-robin
// over them by the load generator (no proxy in front: what is measured is Herald), and a writer publishing
// at a fixed total rate round-robin through all three, so that every event crosses the broker to reach two
// thirds of the streams. The same streams and rate on one instance are the reference. Figures: aggregate
// deliveries/s, server CPU per delivery summed over the instances, commit-to-receive p50/p99 at the clients,
// RSS per instance and per stream, and what the broker (Redis, or PostgreSQL's NOTIFY) spent.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Histogram } from '../lib/histogram.mjs';
import { postgresLoad } from '../lib/postgres-load.mjs';
import { sleep, waitFor } from '../lib/proc.mjs';
import { redisServerAvailable, startRedisServer } from '../lib/redis-server.mjs';
import { postgresAvailable, postgresStore, ROOT } from '../lib/stores.mjs';

// full: 5 events/s to 3,000 streams is 15,000 deliveries/s offered, within what this two-core machine
// delivers (50/s would be 150,000/s: queueing, not latency). quick: a smoke test of the same code on two
// instances and one broker (an instance takes seconds to boot on a loaded machine, and CI's whole quick
// run has a minute).
const SIZES = {
  full: { instances: 3, streams: 3000, rate: 5, warmupMs: 3000, durationMs: 30_000, settleMs: 1500, idleMs: 3000, configurations: ['single', 'redis', 'postgres'] },
  quick: { instances: 2, streams: 40, rate: 30, warmupMs: 300, durationMs: 1000, settleMs: 200, idleMs: 300, configurations: ['broker'] },
};

const split = (total, parts) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
const postgresBrokerBuilt = () => existsSync(join(ROOT, 'dist/events/infrastructure/postgres-event-broker.js'));

/**
 * Runs each configuration in turn and fills results.cluster. The runner hands over its SSE client processes,
 * how it forks a server, its log and its results.
 */
export async function cluster({ quick, clients, forkServer, log, results }) {
  const size = quick ? SIZES.quick : SIZES.full;
  results.cluster = { size, configurations: {}, notMeasured: [] };
  const skip = (why) => {
    results.cluster.notMeasured.push(why);
    results.problems.push(`cluster: ${why}`);
    log(`PROBLEM  cluster: ${why}`);
  };
  if (!(await postgresAvailable())) return skip('PostgreSQL at 127.0.0.1:5432 not reachable: the cluster shares one PostgreSQL database, scenario skipped');
  // `single` is one instance holding every stream; `broker` (quick) is the one a plain build defaults to.
  const configurations = size.configurations.map((name) => (name === 'broker' ? (postgresBrokerBuilt() ? 'postgres' : 'redis') : name));
  for (const name of configurations) {
    if (name === 'redis' && !redisServerAvailable()) {
      skip('redis-server not installed: the Redis cluster not measured');
      continue;
    }
    if (name === 'postgres' && !postgresBrokerBuilt()) {
      skip('this build has no PostgreSQL broker (EVENT_BROKER=postgres): the NOTIFY cluster not measured');
      continue;
    }
    try {
      const result = await onConfiguration(name, size, { clients, forkServer, log });
      results.cluster.configurations[name] = result;
      log(`cluster  ${name.padEnd(8)} ${describe(result)}`);
    } catch (error) {
      skip(`${name}: ${error.message}`);
    }
  }
}

async function onConfiguration(name, size, { clients, forkServer, log }) {
  const instances = name === 'single' ? 1 : size.instances;
  const loadAverage = loadavg().map((value) => Number(value.toFixed(2)));
  const store = await postgresStore();
  const redis = name === 'redis' ? await startRedisServer() : null;
  // One instance has nothing to fan out to: in-process, as a lone Herald would run.
  const env = name === 'redis' ? { EVENT_BROKER: 'redis', REDIS_URL: redis.url } : { EVENT_BROKER: name === 'postgres' ? 'postgres' : 'memory' };
  const options = { ...store.options, env };
  const servers = [];
  let probe = null;
  try {
    // The first instance migrates the fresh database alone; the others then start side by side.
    servers.push(await forkServer('herald', options, `cluster-${name}-1`));
    servers.push(...(await Promise.all(Array.from({ length: instances - 1 }, (_, i) => forkServer('herald', options, `cluster-${name}-${i + 2}`)))));
    probe = await postgresLoad(store.options.databaseUrl);

    const memoryBefore = await Promise.all(servers.map((server) => server.child.request('memory')));
    const perInstance = split(size.streams, instances);
    for (const [i, server] of servers.entries()) await connect(clients, server.port, perInstance[i]);
    await sleep(size.settleMs);
    const memoryAfter = await Promise.all(servers.map((server) => server.child.request('memory')));
    const open = await openStreams(clients);
    if (open < size.streams) throw new Error(`${open} of ${size.streams} streams open`);

    await publishWindow(servers, clients, { rate: size.rate, durationMs: size.warmupMs, open });
    const usage = async () => ({ redis: await redis?.usage(), postgres: await probe.usage(), at: performance.now() });
    // What Redis and the backends spend with the streams open and nothing written (timers, the log's poll).
    const idleFrom = await usage();
    await sleep(size.idleMs);
    const idle = idlePerSecond(idleFrom, await usage());
    const brokerBefore = await usage();
    const window = await publishWindow(servers, clients, { rate: size.rate, durationMs: size.durationMs, open });
    await sleep(1000); // PostgreSQL's statistics are flushed up to a second late
    const brokerAfter = await usage();

    const instanceFigures = servers.map((server, i) => ({
      streams: perInstance[i],
      rssBeforeBytes: memoryBefore[i].rss,
      rssBytes: memoryAfter[i].rss,
      rssPerStreamBytes: perInstance[i] > 0 ? (memoryAfter[i].rss - memoryBefore[i].rss) / perInstance[i] : null,
      cpuSeconds: window.cpuMicros[i] / 1e6,
    }));
    return { instances, loadAverage, ...summarise(window, size), perInstance: instanceFigures, broker: brokerLoad(brokerBefore, brokerAfter, idle, window) };
  } finally {
    await Promise.all(clients.map((client) => client.request('closeAll').catch(() => undefined)));
    await probe?.close().catch(() => undefined);
    await Promise.all(servers.map((server) => server.child.stop()));
    await redis?.stop();
    await store.release();
  }
}

/** Opens count streams on one instance, spread over the client processes. */
async function connect(clients, port, count) {
  const counts = split(count, clients.length);
  await Promise.all(clients.map((client, i) => client.request('connect', { port, path: '/events', count: counts[i], concurrency: 32, timeoutMs: 120_000 }, 130_000)));
}

async function openStreams(clients) {
  const all = await Promise.all(clients.map((client) => client.request('stats')));
  return all.reduce((total, stats) => total + stats.open, 0);
}

/**
 * Every instance publishes rate / instances events per second, each started 1 / rate s after the previous
 * one, so that the writes interleave round-robin; the window ends once every stream has every event.
 */
async function publishWindow(servers, clients, { rate, durationMs, open }) {
  await Promise.all(clients.map((client) => client.request('reset', { latency: true })));
  const marks0 = await Promise.all(servers.map((server) => server.child.request('mark')));
  const started = performance.now();
  const runs = [];
  for (const server of servers) {
    runs.push(server.child.request('rate', { rate: rate / servers.length, durationMs }, durationMs + 60_000));
    await sleep(1000 / rate);
  }
  const answers = await Promise.all(runs);
  const published = answers.reduce((total, answer) => total + answer.published, 0);
  const stats = () => Promise.all(clients.map((client) => client.request('stats')));
  const drained = await waitFor(async () => (await stats()).reduce((total, s) => total + s.events, 0) >= published * open, { timeoutMs: 15_000, intervalMs: 50 });
  const seconds = (performance.now() - started) / 1000;
  const marks1 = await Promise.all(servers.map((server) => server.child.request('mark')));
  const all = await stats();
  const histogram = all.reduce((merged, s) => (s.latency ? merged.add(Histogram.from(s.latency)) : merged), new Histogram());
  const cpuMicros = servers.map((_, i) => marks1[i].cpu.user - marks0[i].cpu.user + (marks1[i].cpu.system - marks0[i].cpu.system));
  return {
    published,
    publishSeconds: Math.max(...answers.map((answer) => answer.elapsedMs)) / 1000,
    late: answers.reduce((total, answer) => total + answer.late, 0),
    open,
    deliveries: all.reduce((total, s) => total + s.events, 0),
    drained,
    seconds,
    histogram,
    cpuMicros,
  };
}

function summarise(window, size) {
  const { histogram, deliveries, seconds, published, open } = window;
  const cpuMicros = window.cpuMicros.reduce((sum, micros) => sum + micros, 0);
  return {
    streams: open,
    rate: size.rate,
    seconds,
    published,
    achievedRate: published / window.publishSeconds,
    publishedLate: window.late,
    deliveries,
    lost: Math.max(0, published * open - deliveries),
    deliveriesPerSecond: deliveries / seconds,
    cpuMicrosPerDelivery: deliveries > 0 ? cpuMicros / deliveries : null,
    serverCpuShare: cpuMicros / 1e6 / seconds, // in cores, summed over the instances
    p50Ms: histogram.percentile(0.5) / 1000,
    p99Ms: histogram.percentile(0.99) / 1000,
    maxMs: histogram.max / 1000,
  };
}

/** CPU seconds per second spent while idle, by Redis and by the database's backends. */
function idlePerSecond(from, to) {
  const seconds = (to.at - from.at) / 1000;
  return {
    redis: to.redis ? (to.redis.cpuSeconds - from.redis.cpuSeconds) / seconds : null,
    postgres: (to.postgres.backendCpuSeconds - from.postgres.backendCpuSeconds) / seconds,
  };
}

/**
 * The window's share of the broker's and the database's work, per second and per published event; "above
 * idle" takes off what the same seconds cost with nothing written. The window runs from before the first
 * publish to a second after the last delivery.
 */
function brokerLoad(before, after, idle, { published }) {
  const seconds = (after.at - before.at) / 1000;
  const perEvent = (delta) => (published > 0 ? delta / published : null);
  // A process's CPU over the window: its share of a core, and per event, in all and above what it spends idle.
  const cpu = (cpuSeconds, idleShare) => ({
    share: cpuSeconds / seconds,
    perEvent: perEvent(cpuSeconds * 1e6),
    perEventAboveIdle: perEvent(Math.max(0, cpuSeconds - idleShare * seconds) * 1e6),
  });
  const pg = after.postgres;
  const pg0 = before.postgres;
  const pgCpu = cpu(pg.backendCpuSeconds - pg0.backendCpuSeconds, idle.postgres);
  const database = {
    backends: pg.backends,
    backendCpuShare: pgCpu.share,
    backendIdleCpuShare: idle.postgres,
    backendCpuMicrosPerEvent: pgCpu.perEvent,
    backendCpuMicrosPerEventAboveIdle: pgCpu.perEventAboveIdle,
    commitsPerSecond: (pg.xact_commit - pg0.xact_commit) / seconds,
    rowsReadPerSecond: (pg.tup_returned - pg0.tup_returned) / seconds,
    rowsReadPerEvent: perEvent(pg.tup_returned - pg0.tup_returned),
    rowsFetchedPerEvent: perEvent(pg.tup_fetched - pg0.tup_fetched),
  };
  if (!after.redis) return { database };
  const r = after.redis;
  const r0 = before.redis;
  const redisCpu = cpu(r.cpuSeconds - r0.cpuSeconds, idle.redis);
  return {
    database,
    redis: {
      cpuShare: redisCpu.share,
      idleCpuShare: idle.redis,
      cpuMicrosPerEvent: redisCpu.perEvent,
      cpuMicrosPerEventAboveIdle: redisCpu.perEventAboveIdle,
      commandsPerSecond: (r.commands - r0.commands) / seconds,
      publishesPerSecond: (r.publishes - r0.publishes) / seconds,
    },
  };
}

function describe(r) {
  const broker = r.broker.redis ? `; Redis ${(r.broker.redis.cpuShare * 100).toFixed(1)} % CPU, ${r.broker.redis.commandsPerSecond.toFixed(0)} commands/s` : '';
  return (
    `${r.instances} × ${Math.round(r.streams / r.instances)} streams @ ${r.rate}/s: ${Math.round(r.deliveriesPerSecond).toLocaleString('en')} deliveries/s, ` +
    `${r.cpuMicrosPerDelivery?.toFixed(2)} µs server CPU/delivery (${(r.serverCpuShare * 100).toFixed(0)} % of a core over all), p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ` +
    `RSS ${r.perInstance.map((i) => `${(i.rssBytes / 2 ** 20).toFixed(0)}`).join('/')} MiB; PostgreSQL backends ${(r.broker.database.backendCpuShare * 100).toFixed(1)} % CPU, ${r.broker.database.rowsReadPerEvent?.toFixed(1)} rows read/event${broker}` +
    `${r.lost ? `, ${r.lost} LOST` : ''} (load ${r.loadAverage.join(' ')})`
  );
}
