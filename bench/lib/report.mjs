// The run's results: one table (every figure, and Herald's ratio to raw, nest and better-sse), the JSON
// under bench/results/, and SVG charts drawn by vega-lite (compiled to vega, rendered headless).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { project } from './cluster-projection.mjs';
import { DIRECT_TARGETS, TARGETS } from './config.mjs';
import { spread } from './rounds.mjs';

const BASELINES = ['raw', 'nest', 'better-sse'];
const SERVER_ORDER = ['raw', 'nest', 'better-sse', 'herald', 'herald-direct', 'herald-pg', 'herald-direct-pg'];
// Each Herald of the run: its store, and its stream writer (SSE_WRITER). Writes and idle do not depend on the writer.
const HERALDS = {
  herald: { on: 'PGlite, @Sse()', store: 'PGlite', engine: 'pglite', direct: false },
  'herald-direct': { on: 'PGlite, direct', store: 'PGlite', engine: 'pglite', direct: true },
  'herald-pg': { on: 'PostgreSQL, @Sse()', store: 'PostgreSQL', engine: 'postgres', direct: false },
  'herald-direct-pg': { on: 'PostgreSQL, direct', store: 'PostgreSQL', engine: 'postgres', direct: true },
};
const within = (value, limit) => (value === null || value === undefined || !limit ? null : value <= limit);
const both = (...verdicts) => (verdicts.some((v) => v === null) ? null : verdicts.every(Boolean));

const kB = (bytes) => (bytes === null || bytes === undefined ? null : bytes / 1000);

/** Every figure as a row: the baselines' values, one Herald's value, and the target it answers to. */
export function rows(results) {
  const out = [];
  const verdicts = results.meta.config.verdicts;
  const heralds = Object.keys(HERALDS).filter((h) => results.held[h] || results.fanout[h] || results.latency[h] || results.replay[h] || (!HERALDS[h].direct && (Object.keys(results.writes).length || results.idle?.[h])));
  // spreads: the lowest and highest over the rounds, of this Herald and of raw, when they ran in rounds.
  const row = (scenario, figure, unit, better, values, herald, target = null, met = null, spreads = null) => {
    if (values.herald === undefined || values.herald === null) return;
    out.push({ scenario, figure, unit, better, values, herald, heraldOn: HERALDS[herald].on, target, met: verdicts ? met : null, spreads });
  };
  const pick = (table, key, map) => Object.fromEntries(SERVER_ORDER.map((server) => [server, map(table[server]?.[key])]));

  for (const herald of heralds) {
    const { direct, engine } = HERALDS[herald];
    // The lowest and highest round of a figure, this Herald's and raw's, where `get` finds a server's result.
    const spreadsIn = (get) => (f) => ({ herald: spread(get(herald), f), raw: spread(get('raw'), f) });
    // held
    for (const streams of results.meta.config.heldStreams) {
      const get = (server) => results.held[server]?.[streams];
      if (!get(herald)) continue;
      const values = (f) => ({ ...Object.fromEntries(BASELINES.map((b) => [b, f(get(b))])), herald: f(get(herald)) });
      const spreads = spreadsIn(get);
      const rssOf = (r) => kB(r?.rssPerStream);
      const rss = values(rssOf);
      if (direct) {
        const target = streams === DIRECT_TARGETS.heldRss.n ? DIRECT_TARGETS.heldRss : null;
        row(`held ${fmtInt(streams)}`, 'RSS per stream', 'kB', 'lower', rss, herald, target?.text ?? null, target ? within(rss.herald, rss.raw && target.ratioToRaw * rss.raw) : null, spreads(rssOf));
      } else {
        const rssMet = rss.nest ? rss.herald <= TARGETS.heldRss.ratioToNest * rss.nest : null;
        row(`held ${fmtInt(streams)}`, 'RSS per stream', 'kB', 'lower', rss, herald, TARGETS.heldRss.text, rssMet, spreads(rssOf));
      }
      const heapOf = (r) => kB(r?.heapPerStream);
      row(`held ${fmtInt(streams)}`, 'heap per stream', 'kB', 'lower', values(heapOf), herald, null, null, spreads(heapOf));
      const errors = values((r) => (r ? r.errors + Math.max(0, r.streams - r.opened - r.failed) : null));
      const errorsMet = streams === TARGETS.heldErrors.n ? errors.herald === 0 && get(herald).opened === streams : null;
      row(`held ${fmtInt(streams)}`, 'streams held', '', 'higher', values((r) => r?.opened ?? null), herald);
      row(`held ${fmtInt(streams)}`, 'errors', '', 'lower', errors, herald, streams === TARGETS.heldErrors.n ? TARGETS.heldErrors.text : null, errorsMet);
    }
    const largest = Math.max(...Object.keys(results.held[herald] ?? {}).map(Number));
    if (Number.isFinite(largest)) {
      const perGiB = (server) => {
        const r = results.held[server]?.[largest];
        return r?.rssPerStream ? 2 ** 30 / r.rssPerStream : null;
      };
      row(`held ${fmtInt(largest)}`, 'projected streams per GiB of RSS', '', 'higher', { ...Object.fromEntries(BASELINES.map((b) => [b, perGiB(b)])), herald: perGiB(herald) }, herald);
    }
    // fan-out
    for (const streams of results.meta.config.fanoutStreams) {
      const get = (server) => results.fanout[server]?.[streams];
      if (!get(herald)) continue;
      const values = (f) => ({ ...Object.fromEntries(BASELINES.map((b) => [b, f(get(b))])), herald: f(get(herald)) });
      const spreads = spreadsIn(get);
      const scenario = `fan-out ${fmtInt(streams)}`;
      const rateOf = (r) => r?.deliveriesPerSecond ?? null;
      row(scenario, 'deliveries/s', '', 'higher', values(rateOf), herald, null, null, spreads(rateOf));
      const cpuOf = (r) => r?.cpuMicrosPerDelivery ?? null;
      const cpu = values(cpuOf);
      if (direct) {
        const t = DIRECT_TARGETS.fanoutCpu;
        row(scenario, 'server CPU per delivery', 'µs', 'lower', cpu, herald, t.text, both(within(cpu.herald, cpu.raw && t.ratioToRaw * cpu.raw), within(cpu.herald, cpu['better-sse'] && t.ratioToBetterSse * cpu['better-sse'])), spreads(cpuOf));
      } else {
        row(scenario, 'server CPU per delivery', 'µs', 'lower', cpu, herald, TARGETS.fanoutCpu.text, cpu.nest ? cpu.herald <= TARGETS.fanoutCpu.ratioToNest * cpu.nest : null, spreads(cpuOf));
      }
      row(scenario, 'write+writev syscalls per delivery', '', 'lower', values((r) => r?.syscallsPerDelivery ?? null), herald);
      row(scenario, 'events lost', '', 'lower', values((r) => r?.lost ?? null), herald);
    }
    // latency
    if (results.latency[herald]) {
      const l = results.latency[herald];
      const scenario = `latency ${fmtInt(l.streams)} @ ${l.rate}/s`;
      const values = (key) => ({ ...Object.fromEntries(BASELINES.map((b) => [b, results.latency[b]?.[key] ?? null])), herald: l[key] });
      const spreadOf = spreadsIn((server) => results.latency[server]);
      const spreads = (key) => spreadOf((r) => r[key]);
      row(scenario, 'p50', 'ms', 'lower', values('p50Ms'), herald, null, null, spreads('p50Ms'));
      const p99 = values('p99Ms');
      if (direct) row(scenario, 'p99', 'ms', 'lower', p99, herald, DIRECT_TARGETS.latencyP99.text, within(p99.herald, p99.raw && DIRECT_TARGETS.latencyP99.ratioToRaw * p99.raw), spreads('p99Ms'));
      else row(scenario, 'p99', 'ms', 'lower', p99, herald, TARGETS.latencyP99Ms.text, l.p99Ms <= TARGETS.latencyP99Ms.ms, spreads('p99Ms'));
      row(scenario, 'max', 'ms', 'lower', values('maxMs'), herald, null, null, spreads('maxMs'));
      row(scenario, 'achieved publish rate', '/s', 'higher', values('achievedRate'), herald);
      row(scenario, 'events lost', '', 'lower', values('lost'), herald);
    }
    // replay
    if (results.replay[herald]) {
      const r = results.replay[herald];
      const target = direct ? DIRECT_TARGETS.replayMs : TARGETS.replayMs;
      row(`replay ${fmtInt(r.events)} behind`, 'time to last byte (median)', 'ms', 'lower', { raw: null, nest: null, 'better-sse': null, herald: r.medianMs }, herald, target.text, r.medianMs <= target.ms, { herald: spread(r, (round) => round.medianMs), raw: null });
    }
    if (direct) continue; // writes and idle do not touch the stream writer: once per store
    // writes: the "nest" column is the plain Nest controller on the same engine
    const w = results.writes[engine];
    if (w?.herald) {
      const scenario = `writes ${HERALDS[herald].store}`;
      const values = (f) => ({ raw: null, nest: w.baseline ? f(w.baseline) : null, 'better-sse': null, herald: f(w.herald) });
      const rps = values((r) => r.requestsPerSecond);
      row(scenario, 'POST /users req/s', '', 'higher', rps, herald, TARGETS.writes.text, rps.nest ? rps.herald >= TARGETS.writes.ratioToBaseline * rps.nest : null);
      row(scenario, 'POST /users p99', 'ms', 'lower', values((r) => r.latencyMs.p99), herald);
      row(scenario, 'non-2xx + errors', '', 'lower', values((r) => r.non2xx + r.errors), herald);
    }
    // idle: Herald alone (node dist/main.js), no baseline; the target is for the embedded store
    const idle = results.idle?.[herald];
    if (idle) {
      const scenario = `idle ${idle.users} users, ${idle.idleMs / 1000} s`;
      const only = (bytes) => ({ raw: null, nest: null, 'better-sse': null, herald: bytes / 2 ** 20 });
      const target = engine === 'pglite' ? TARGETS.idleRssMiB : null;
      for (const [phase, figure] of [['fresh', 'RSS, fresh data'], ['restart', 'RSS after a restart']]) {
        const mib = idle[phase].rssBytes / 2 ** 20;
        row(scenario, figure, 'MiB', 'lower', only(idle[phase].rssBytes), herald, target?.text ?? null, target ? mib <= target.mib : null);
      }
      row(scenario, 'peak RSS while starting, fresh data', 'MiB', 'lower', only(idle.fresh.peakBytes), herald);
    }
  }
  return out;
}

function fmtInt(n) {
  return Number(n).toLocaleString('en');
}

function fmt(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (unit === '' && Number.isInteger(value)) return fmtInt(value);
  if (Math.abs(value) >= 10_000) return fmtInt(Math.round(value));
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function ratio(herald, baseline) {
  if (herald === null || baseline === null || baseline === undefined || herald === undefined || baseline === 0) return '–';
  return `${(herald / baseline).toFixed(2)}×`;
}

export function table(results) {
  const header = ['scenario', 'figure', 'raw', 'nest', 'better-sse', 'herald', 'on', '÷ raw', '÷ nest', '÷ better-sse', 'target', 'met', 'rounds: herald / raw'];
  const range = (pair, unit) => (pair ? `${fmt(pair[0], unit)}–${fmt(pair[1], unit)}` : '');
  const body = rows(results).map((r) => [
    r.scenario,
    r.unit ? `${r.figure} (${r.unit})` : r.figure,
    fmt(r.values.raw, r.unit),
    fmt(r.values.nest, r.unit),
    fmt(r.values['better-sse'], r.unit),
    fmt(r.values.herald, r.unit),
    r.heraldOn,
    ratio(r.values.herald, r.values.raw),
    ratio(r.values.herald, r.values.nest),
    ratio(r.values.herald, r.values['better-sse']),
    r.target ?? '',
    r.met === null ? '' : r.met ? 'yes' : 'NO',
    r.spreads?.herald || r.spreads?.raw ? [range(r.spreads.herald, r.unit), range(r.spreads.raw, r.unit)].join(' / ') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => (i < 2 || i >= 10 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i < 2 || i >= 10 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------- cluster

const CLUSTER_COLUMNS = { single: 'one instance', redis: 'Redis', postgres: 'NOTIFY' };

/** The cluster's figures side by side, each cluster's with its ratio to one instance holding the same streams. */
export function clusterTable(results) {
  const c = results.cluster;
  const names = Object.keys(CLUSTER_COLUMNS).filter((name) => c?.configurations[name]);
  if (names.length === 0) return null;
  const all = c.configurations;
  const mib = (bytes) => bytes / 2 ** 20;
  const figures = [
    ['instances', '', (r) => String(r.instances)],
    ['streams (total)', '', (r) => fmtInt(r.streams)],
    ['events published', '', (r) => r.published],
    ['achieved publish rate', '/s', (r) => r.achievedRate],
    ['events published late (behind schedule)', '', (r) => r.publishedLate],
    ['deliveries/s (aggregate)', '', (r) => r.deliveriesPerSecond],
    ['server CPU per delivery, summed over instances', 'µs', (r) => r.cpuMicrosPerDelivery],
    ['server CPU, summed over instances', '% of a core', (r) => r.serverCpuShare * 100],
    ['commit-to-receive p50', 'ms', (r) => r.p50Ms],
    ['commit-to-receive p99', 'ms', (r) => r.p99Ms],
    ['commit-to-receive max', 'ms', (r) => r.maxMs],
    ['events lost', '', (r) => r.lost],
    ['RSS per instance (largest)', 'MiB', (r) => mib(Math.max(...r.perInstance.map((i) => i.rssBytes)))],
    ['RSS per stream (mean over instances)', 'kB', (r) => kB(mean(r.perInstance.map((i) => i.rssPerStreamBytes)))],
    ['PostgreSQL backend CPU', '% of a core', (r) => r.broker.database.backendCpuShare * 100],
    ['PostgreSQL backend CPU idle (streams open, no writes)', '% of a core', (r) => r.broker.database.backendIdleCpuShare * 100],
    ['PostgreSQL backend CPU per event', 'µs', (r) => r.broker.database.backendCpuMicrosPerEvent],
    ['PostgreSQL backend CPU per event above idle', 'µs', (r) => r.broker.database.backendCpuMicrosPerEventAboveIdle],
    ['PostgreSQL commits/s', '', (r) => r.broker.database.commitsPerSecond],
    ['PostgreSQL rows read per event', '', (r) => r.broker.database.rowsReadPerEvent],
    ['Redis CPU', '% of a core', (r) => (r.broker.redis ? r.broker.redis.cpuShare * 100 : null)],
    ['Redis CPU idle (streams open, no writes)', '% of a core', (r) => (r.broker.redis ? r.broker.redis.idleCpuShare * 100 : null)],
    ['Redis CPU per event', 'µs', (r) => r.broker.redis?.cpuMicrosPerEvent ?? null],
    ['Redis CPU per event above idle', 'µs', (r) => r.broker.redis?.cpuMicrosPerEventAboveIdle ?? null],
    ['Redis commands/s', '', (r) => r.broker.redis?.commandsPerSecond ?? null],
    ['Redis PUBLISH/s', '', (r) => r.broker.redis?.publishesPerSecond ?? null],
    ['load average (1, 5, 15 min) at start', '', (r) => r.loadAverage.join(' ')], // strings: shown, not compared
  ];
  const compared = (name) => name !== 'single' && Boolean(all.single); // a ratio only where one instance ran too
  const header = ['figure', ...names.flatMap((name) => (compared(name) ? [CLUSTER_COLUMNS[name], '÷ one'] : [CLUSTER_COLUMNS[name]]))];
  const body = figures.map(([figure, unit, pick]) => [
    unit ? `${figure} (${unit})` : figure,
    ...names.flatMap((name) => {
      const value = pick(all[name]);
      const shown = typeof value === 'string' ? value : fmt(value, unit);
      if (!compared(name)) return [shown];
      const one = pick(all.single);
      return [shown, typeof value === 'string' ? '' : ratio(value, one)];
    }),
  ]);
  const { streams, rate, durationMs, instances } = c.size;
  const title = `cluster: ${fmtInt(streams)} streams split over ${instances} instances (one instance: all of them), ${rate} events/s written round-robin through every instance, ${durationMs / 1000} s measured`;
  const projections = names.filter((name) => name !== 'single').map((name) => projectionTable(project(c, name)));
  return [`${title}\n\n${markdown(header, body)}`, ...projections].join('\n\n');
}

/** The projection from one broker's figures (lib/cluster-projection.mjs), with the inputs it used. */
function projectionTable({ broker, inputs, assumptions, rows }) {
  const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const header = ['dashboards', 'events/s', 'deliveries/s', 'instances (CPU)', 'instances (streams)', 'instances', 'RSS each', 'memory', `${CLUSTER_COLUMNS[broker]} messages to instances/s`, broker === 'redis' ? 'Redis CPU (% core)' : 'DB connections', 'log rows read/s', 'log polls/s'];
  const body = rows.map((r) => [
    fmtInt(r.dashboards),
    String(r.rate),
    fmtInt(r.deliveries),
    fmtInt(r.byCpu),
    fmtInt(r.byStreams),
    fmtInt(r.instances),
    `${(r.rssPerInstanceBytes / 2 ** 20).toFixed(0)} MiB`,
    gib(r.memoryBytes),
    fmtInt(r.brokerMessagesPerSecond),
    broker === 'redis' ? fmt(r.redisCpuShare === null ? null : r.redisCpuShare * 100, 'x') : fmtInt(r.databaseConnections),
    fmtInt(Math.round(r.logRowsReadPerSecond)),
    fmtInt(r.logPollsPerSecond),
  ]);
  const used =
    `from the ${CLUSTER_COLUMNS[broker]} cluster: ${fmt(inputs.cpuMicrosPerDelivery, 'x')} µs server CPU per delivery, ${(inputs.baseRssBytes / 2 ** 20).toFixed(0)} MiB RSS per instance before streams + ${fmt(inputs.rssPerStreamBytes / 1000, 'x')} kB per stream, ` +
    `${fmt(inputs.rowsReadPerEvent, 'x')} log rows read per event (${inputs.instances} instances)${inputs.redisCpuMicrosPerMessage === null ? '' : `, ${fmt(inputs.redisCpuMicrosPerMessage, 'x')} µs Redis CPU per message above idle`}; ` +
    `assumed: every dashboard receives every event, ${assumptions.cpuBudgetPerInstance} of a core per instance, at most ${fmtInt(assumptions.streamsPerInstance)} streams per instance, ${assumptions.poolConnectionsPerInstance} pool connections per instance`;
  return `projection (${CLUSTER_COLUMNS[broker]}): ${used}\n\n${markdown(header, body)}`;
}

const mean = (values) => {
  const known = values.filter((v) => v !== null && v !== undefined);
  return known.length ? known.reduce((sum, v) => sum + v, 0) / known.length : null;
};

function markdown(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

// ----------------------------------------------------------------------------------------------- charts

async function svg(spec) {
  const compiled = vegaLite.compile({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white', ...spec }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const out = await view.toSVG();
  view.finalize();
  return out;
}

const serverScale = { domain: SERVER_ORDER };

function charts(results) {
  const specs = {};
  const fanout = [];
  for (const [server, byN] of Object.entries(results.fanout)) {
    for (const [streams, r] of Object.entries(byN)) {
      fanout.push({ server, streams: `${fmtInt(streams)} streams`, cpu: r.cpuMicrosPerDelivery, rate: r.deliveriesPerSecond, syscalls: r.syscallsPerDelivery });
    }
  }
  if (fanout.length) {
    const bars = (field, title) => ({
      data: { values: fanout.filter((d) => d[field] !== null && d[field] !== undefined) },
      width: 360,
      height: 240,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'streams', type: 'nominal', title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'server', type: 'nominal', scale: serverScale },
        y: { field, type: 'quantitative', title },
        color: { field: 'server', type: 'nominal', scale: serverScale },
      },
    });
    specs['fanout-cpu-per-delivery'] = { title: 'Fan-out: server CPU per delivery (µs, lower is better)', ...bars('cpu', 'µs of server CPU per delivery') };
    specs['fanout-deliveries-per-second'] = { title: 'Fan-out: deliveries per second (higher is better)', ...bars('rate', 'deliveries/s') };
    if (fanout.some((d) => d.syscalls !== null && d.syscalls !== undefined)) specs['fanout-syscalls-per-delivery'] = { title: 'Fan-out: write + writev syscalls per delivery', ...bars('syscalls', 'syscalls per delivery') };
  }
  const held = [];
  for (const [server, byN] of Object.entries(results.held)) {
    for (const [streams, r] of Object.entries(byN)) {
      if (r.rssPerStream !== null) held.push({ server, streams: Number(streams), rss: r.rssPerStream / 1000, heap: r.heapPerStream / 1000 });
    }
  }
  if (held.length) {
    specs['held-rss-per-stream'] = {
      title: 'Held idle streams: RSS per stream (kB) by number of streams',
      data: { values: held },
      width: 420,
      height: 260,
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: { field: 'streams', type: 'quantitative', scale: { type: 'log' }, title: 'streams held (log)' },
        y: { field: 'rss', type: 'quantitative', title: 'kB of RSS per stream' },
        color: { field: 'server', type: 'nominal', scale: serverScale },
      },
    };
    specs['held-heap-per-stream'] = {
      ...specs['held-rss-per-stream'],
      title: 'Held idle streams: JS heap per stream (kB) by number of streams',
      encoding: { ...specs['held-rss-per-stream'].encoding, y: { field: 'heap', type: 'quantitative', title: 'kB of heap per stream' } },
    };
  }
  const latency = Object.entries(results.latency).flatMap(([server, r]) => [
    { server, percentile: 'p50', ms: r.p50Ms },
    { server, percentile: 'p99', ms: r.p99Ms },
    { server, percentile: 'max', ms: r.maxMs },
  ]);
  if (latency.length) {
    specs.latency = {
      title: 'Publish → receive latency (ms) at a fixed rate',
      data: { values: latency },
      width: 420,
      height: 260,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'percentile', type: 'nominal', sort: ['p50', 'p99', 'max'], title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'server', type: 'nominal', scale: serverScale },
        y: { field: 'ms', type: 'quantitative', scale: { type: 'symlog' }, title: 'ms (symlog)' },
        color: { field: 'server', type: 'nominal', scale: serverScale },
      },
    };
  }
  const writes = Object.entries(results.writes).flatMap(([engine, w]) =>
    Object.entries(w).map(([who, r]) => ({ engine, server: who === 'herald' ? 'herald' : 'plain Nest + INSERT', rps: r.requestsPerSecond })),
  );
  if (writes.length) {
    specs.writes = {
      title: 'POST /users: requests per second (autocannon)',
      data: { values: writes },
      width: 300,
      height: 240,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'engine', type: 'nominal', title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'server', type: 'nominal' },
        y: { field: 'rps', type: 'quantitative', title: 'req/s' },
        color: { field: 'server', type: 'nominal' },
      },
    };
  }
  const idle = Object.entries(results.idle ?? {}).flatMap(([server, r]) => [
    { store: HERALDS[server].store, phase: 'fresh data', mib: r.fresh.rssBytes / 2 ** 20 },
    { store: HERALDS[server].store, phase: 'after a restart', mib: r.restart.rssBytes / 2 ** 20 },
  ]);
  if (idle.length) {
    specs['idle-rss'] = {
      title: `Idle RSS of node dist/main.js with ${results.idle[Object.keys(results.idle)[0]].users} users (MiB, lower is better)`,
      data: { values: idle },
      width: 300,
      height: 240,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'store', type: 'nominal', title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'phase', type: 'nominal', sort: ['fresh data', 'after a restart'] },
        y: { field: 'mib', type: 'quantitative', title: 'VmRSS (MiB)' },
        color: { field: 'phase', type: 'nominal', sort: ['fresh data', 'after a restart'] },
      },
    };
  }
  return specs;
}

export async function report(results, dir) {
  mkdirSync(dir, { recursive: true });
  const cluster = clusterTable(results);
  const text = cluster ? `${table(results)}\n\n${cluster}` : table(results);
  results.table = text;
  const stamp = results.meta.date.replace(/[:.]/g, '-');
  const machine = results.meta.machine;
  const heading = `Herald bench (${results.meta.mode}), ${results.meta.date}: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, load average at start ${machine.loadAverageAtStart.join(' ')}; ${results.meta.durationS.toFixed(0)} s`;
  console.log(`\n${heading}\n\n${text}\n`);
  if (results.problems.length) console.log(`Problems:\n${results.problems.map((p) => `- ${p}`).join('\n')}\n`);
  const json = JSON.stringify(results, (key, value) => (key === 'counts' ? undefined : value), 2);
  writeFileSync(join(dir, `${stamp}.json`), json);
  writeFileSync(join(dir, 'latest.json'), json);
  writeFileSync(join(dir, 'latest.md'), `${heading}\n\n${text}\n${results.problems.length ? `\nProblems:\n${results.problems.map((p) => `- ${p}`).join('\n')}\n` : ''}`);
  const written = [];
  for (const [name, spec] of Object.entries(charts(results))) {
    try {
      writeFileSync(join(dir, `${name}.svg`), await svg(spec));
      written.push(`${name}.svg`);
    } catch (error) {
      console.error(`chart ${name}: ${error.message}`);
    }
  }
  console.log(`results: bench/results/${stamp}.json, latest.json, latest.md; charts: ${written.join(', ')}`);
}
