// The writes load: autocannon against POST /users, each request a new user (unique email), from its
// own process. Reports requests/s, latency percentiles and every non-2xx answer.
import autocannon from 'autocannon';
import { serveIpc } from '../lib/proc.mjs';

let sequence = 0;
const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

function run({ port, durationS, connections }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/users`,
        method: 'POST',
        connections,
        duration: durationS,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => {
              sequence += 1;
              return { ...request, body: JSON.stringify({ email: `  Writer.${tag}.${sequence}@Example.com `, name: `Writer ${sequence}` }) };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

serveIpc({
  write: async ({ port, durationS, warmupS = 0, connections = 10 }) => {
    if (warmupS > 0) await run({ port, durationS: warmupS, connections });
    const result = await run({ port, durationS, connections });
    return {
      requestsPerSecond: result.requests.average,
      total: result.requests.total,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statusCodes: result.statusCodeStats,
      durationS: result.duration,
      connections,
    };
  },
});
process.send({ type: 'ready' });
