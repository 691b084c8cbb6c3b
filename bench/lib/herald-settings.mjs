// What every Herald the bench boots runs with: the contract's defaults, but room for the held scenario's 19,000
// streams and no per-client limits (a load from one address would turn into 429s: the bench measures the
// service, not its limits), and logs as in production (JSON, a line per request) even when the runner's output
// is a terminal.
export const HERALD_BENCH_SETTINGS = {
  SSE_MAX_CONNECTIONS: '20000',
  SSE_MAX_CONNECTIONS_PER_CLIENT: '20000',
  RATE_LIMIT_WRITES: '0',
  LOG_FORMAT: 'json',
};
