// The resume wave (issue 9): 200 clients resume 10,000 events behind at once while a writer POSTs at a
// fixed rate and GET /metrics is polled; the same writer and poll without the wave, just before and just
// after on the same server, are the baseline. Figures: POST /users p50/p99/max and /metrics p99/max in
// each phase, how long the wave took to catch up, and the streams cut or refused.
import { join } from 'node:path';
import { sleep, waitFor } from '../lib/proc.mjs';
import { pgliteStore, postgresStore } from '../lib/stores.mjs';

const SIZES = {
  full: { clients: 200, behind: 10_000, postsPerSecond: 50, metricsIntervalMs: 100, warmupMs: 3000, baselineMs: 10_000, waveTimeoutMs: 120_000 },
  quick: { clients: 20, behind: 1000, postsPerSecond: 50, metricsIntervalMs: 100, warmupMs: 1000, baselineMs: 2000, waveTimeoutMs: 30_000 },
};

const split = (total, parts) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
const fmt = (ms) => (ms === null ? '–' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
// The histogram's buckets end at 10 s: a percentile past them is only known to be past them.
const pct = (ms) => (ms !== null && ms >= 10_000 ? '>10000' : fmt(ms));

/**
 * Runs the wave on each Herald of `labels` ('herald' on PGlite, 'herald-pg' on PostgreSQL). The runner hands
 * over what it owns: its SSE client processes, how it forks children and servers, its log and results.
 */
export async function resumeWave({ quick, labels, clients, startChild, forkServer, bench, log, results }) {
  const size = quick ? SIZES.quick : SIZES.full;
  results.resumeWave = { size };
  const { child: probes } = await startChild(join(bench, 'load/probes.mjs'), { name: 'probes' });
  try {
    for (const label of labels) {
      try {
        results.resumeWave[label] = await onServer(label, size, { clients, probes, forkServer, log });
      } catch (error) {
        results.problems.push(`resume wave on ${label}: ${error.message}`);
        log(`PROBLEM  resume wave on ${label}: ${error.message}`);
      }
    }
  } finally {
    await probes.stop(2000);
  }
  printSummary(results.resumeWave, labels, size, log);
}

async function onServer(label, size, { clients, probes, forkServer, log }) {
  const store = label === 'herald' ? await pgliteStore() : await postgresStore();
  // 200 streams from one address: past SSE_MAX_CONNECTIONS_PER_CLIENT's default of 50.
  const options = { ...store.options, env: { SSE_MAX_CONNECTIONS_PER_CLIENT: String(size.clients) } };
  const server = await forkServer('herald', options, `${label}-resume-wave`).catch(async (error) => {
    await store.release();
    throw error;
  });
  const probing = { port: server.port, postsPerSecond: size.postsPerSecond, metricsIntervalMs: size.metricsIntervalMs };
  const phase = async (body) => {
    await probes.request('start', probing);
    const extra = await body();
    return { ...(await probes.request('stop', {}, 180_000)), ...extra };
  };
  try {
    await server.child.request('fill', { count: size.behind }, 300_000);
    await sleep(1200); // the feed's poll has caught up; nothing is left in flight
    await phase(() => sleep(size.warmupMs)); // the first writes pay for compiling and warming the store

    const before = await phase(() => sleep(size.baselineMs));
    log(`resume   ${label.padEnd(10)} baseline before: ${describe(before)}`);
    const wave = await phase(() => runWave(server, size, clients));
    log(`resume   ${label.padEnd(10)} ${size.clients} resume ${size.behind} behind: ${describe(wave)}; caught up in ${fmt(wave.catchUpMs)} ms, ${wave.cut} cut, ${wave.refused} refused`);
    await Promise.all(clients.map((client) => client.request('closeAll')));
    await waitFor(async () => (await server.child.request('status')).streams === 0, { timeoutMs: 10_000, intervalMs: 50 });
    const after = await phase(() => sleep(size.baselineMs));
    log(`resume   ${label.padEnd(10)} baseline after: ${describe(after)}`);
    return { before, wave, after };
  } finally {
    await Promise.all(clients.map((client) => client.request('closeAll').catch(() => undefined)));
    await server.child.stop();
    await store.release();
  }
}

/** A second into the phase, every client resumes `behind` events behind the head at once; waits until each has them. */
async function runWave(server, size, clients) {
  await sleep(1000);
  const { head } = await server.child.request('fill', { count: 0 });
  const from = head - size.behind;
  await Promise.all(clients.map((client) => client.request('reset', { latency: false })));
  const started = performance.now();
  const counts = split(size.clients, clients.length);
  await Promise.all(
    clients.map((client, i) =>
      client.request('connect', { port: server.port, path: '/events', count: counts[i], headers: { 'Last-Event-ID': String(from) }, concurrency: counts[i], timeoutMs: size.waveTimeoutMs }, size.waveTimeoutMs + 10_000),
    ),
  );
  const stats = () => Promise.all(clients.map((client) => client.request('stats')));
  const caughtUp = await waitFor(async () => (await stats()).every((s) => s.open === 0 || s.minEvents >= size.behind), { timeoutMs: size.waveTimeoutMs, intervalMs: 50 });
  const catchUpMs = caughtUp ? performance.now() - started : null;
  await sleep(1000);
  const all = await stats();
  const sum = (key) => all.reduce((total, s) => total + s[key], 0);
  return { from, catchUpMs, opened: sum('opened'), refused: sum('failed'), cut: sum('droppedAfterOpen'), deliveries: sum('events'), failures: all.map((s) => s.failures) };
}

function describe({ posts, metrics, seconds }) {
  return (
    `POST /users ${posts.count} in ${seconds.toFixed(1)} s p50 ${pct(posts.p50Ms)} p99 ${pct(posts.p99Ms)} max ${fmt(posts.maxMs)} ms (${posts.errors} errors, ${JSON.stringify(posts.statuses)}); ` +
    `/metrics ${metrics.count} p99 ${pct(metrics.p99Ms)} max ${fmt(metrics.maxMs)} ms; worst POST by second ${posts.worstBySecond.join(' ')} ms`
  );
}

function printSummary(all, labels, size, log) {
  const lines = [`resume wave: ${size.clients} clients resume ${size.behind} behind, writer ${size.postsPerSecond} POST/s, /metrics every ${size.metricsIntervalMs} ms`];
  lines.push('| Herald on | phase | POST p50 (ms) | POST p99 (ms) | POST max (ms) | /metrics p99 (ms) | /metrics max (ms) | caught up (ms) | cut | refused |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const label of labels) {
    const r = all[label];
    if (!r) continue;
    for (const [name, p] of [['baseline before', r.before], ['wave', r.wave], ['baseline after', r.after]]) {
      const wave = name === 'wave';
      lines.push(
        `| ${label === 'herald' ? 'PGlite' : 'PostgreSQL'} | ${name} | ${pct(p.posts.p50Ms)} | ${pct(p.posts.p99Ms)} | ${fmt(p.posts.maxMs)} | ${pct(p.metrics.p99Ms)} | ${fmt(p.metrics.maxMs)} | ${wave ? fmt(p.catchUpMs) : ''} | ${wave ? p.cut : ''} | ${wave ? p.refused : ''} |`,
      );
    }
  }
  for (const line of lines) log(line);
}
