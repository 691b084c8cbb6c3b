// Probes of a server's responsiveness, from their own process: POST /users at a fixed rate (open loop:
// each request is sent at its scheduled time whatever the earlier ones do, and its latency counts from
// that time, so a stalled server shows as the stall it is) and GET /metrics polled one after another.
// start begins both, stop ends them and answers their latencies.
import { Histogram } from '../lib/histogram.mjs';
import { serveIpc } from '../lib/proc.mjs';

const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
let sequence = 0;
let running = null;

function summary({ histogram, statuses, errors, worst }) {
  const ms = (micros) => (micros === null ? null : micros / 1000);
  const worstBySecond = Array.from({ length: worst.length }, (_, second) => Math.round(worst[second] ?? 0));
  return { count: histogram.count, p50Ms: ms(histogram.percentile(0.5)), p99Ms: ms(histogram.percentile(0.99)), maxMs: histogram.max / 1000, statuses, errors, worstBySecond };
}

function start({ port, postsPerSecond, metricsIntervalMs }) {
  const base = `http://127.0.0.1:${port}`;
  const posts = { histogram: new Histogram(), statuses: {}, errors: 0, worst: [], inFlight: new Set() };
  const metrics = { histogram: new Histogram(), statuses: {}, errors: 0, worst: [] };
  let stopped = false;
  const begin = performance.now();
  // The worst latency of the requests sent in each second of the phase: when in it a stall happened.
  const note = (probe, scheduled, status) => {
    const latency = performance.now() - scheduled;
    const second = Math.floor((scheduled - begin) / 1000);
    probe.worst[second] = Math.max(probe.worst[second] ?? 0, latency);
    probe.histogram.record(latency * 1000);
    if (status === null) probe.errors += 1;
    else probe.statuses[status] = (probe.statuses[status] ?? 0) + 1;
  };

  const post = (scheduled) => {
    sequence += 1;
    const body = JSON.stringify({ email: `probe.${tag}.${sequence}@example.com`, name: `Probe ${sequence}` });
    const request = fetch(`${base}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(120_000) })
      .then(async (response) => {
        await response.arrayBuffer();
        note(posts, scheduled, response.status);
      })
      .catch(() => note(posts, scheduled, null))
      .finally(() => posts.inFlight.delete(request));
    posts.inFlight.add(request);
  };
  const interval = 1000 / postsPerSecond;
  let sent = 0;
  const schedulePosts = () => {
    if (stopped) return;
    const now = performance.now();
    while (begin + sent * interval <= now) post(begin + sent++ * interval);
    setTimeout(schedulePosts, Math.max(0, begin + sent * interval - performance.now()));
  };

  const pollMetrics = async () => {
    while (!stopped) {
      const scheduled = performance.now();
      try {
        const response = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(120_000) });
        await response.text();
        note(metrics, scheduled, response.status);
      } catch {
        note(metrics, scheduled, null);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, scheduled + metricsIntervalMs - performance.now())));
    }
  };

  schedulePosts();
  const polling = pollMetrics();
  running = {
    async stop() {
      stopped = true;
      await Promise.all([polling, ...posts.inFlight]);
      return {
        seconds: (performance.now() - begin) / 1000,
        posts: summary(posts),
        metrics: summary(metrics),
      };
    },
  };
  return true;
}

serveIpc({
  start: (args) => {
    if (running) throw new Error('already probing');
    return start(args);
  },
  stop: async () => {
    const result = await running.stop();
    running = null;
    return result;
  },
});
process.send({ type: 'ready' });
