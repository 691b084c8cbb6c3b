// The two sizes of the same run. quick: a smoke test under a minute, tiny numbers, no verdicts.
export const FULL = {
  mode: 'full',
  rounds: 3, // of the stream scenarios, servers rotated each round; each figure the median (lib/rounds.mjs)
  clientProcesses: 4, // 19,000 streams over 4 processes: each far below the 20,000 open files hard limit
  heldStreams: [1000, 10_000, 19_000],
  fanoutStreams: [1000, 10_000],
  postgresStreams: [1000], // herald on PostgreSQL: the 1k group (fan-out, latency, replay); writes below
  connectConcurrency: 128,
  settleMs: 1500,
  fanout: { warmupMs: 1000, durationMs: 5000, maxEvents: 200_000, straceMs: 1500 },
  latency: { streams: 1000, rate: 100, warmupMs: 1000, durationMs: 5000 },
  writes: { durationS: 15, warmupS: 2, connections: 10, rounds: 2 }, // rounds in ABBA order: drift cancels out
  replay: { events: 10_000, runs: 3 },
  idle: { users: 3, idleMs: 60_000 }, // as issue 8 measures it: a minute after start-up
  verdicts: true,
};

export const QUICK = {
  mode: 'quick',
  rounds: 1,
  clientProcesses: 4,
  heldStreams: [50],
  fanoutStreams: [50],
  postgresStreams: [50],
  connectConcurrency: 32,
  settleMs: 200,
  fanout: { warmupMs: 200, durationMs: 1000, maxEvents: 20_000, straceMs: 400 },
  latency: { streams: 50, rate: 100, warmupMs: 200, durationMs: 1000 },
  writes: { durationS: 1, warmupS: 0, connections: 10, rounds: 1 },
  replay: { events: 1000, runs: 1 },
  idle: { users: 3, idleMs: 10_000 }, // past the first seconds, when a fresh start's RSS still falls
  verdicts: false,
};

export const TARGETS = {
  heldErrors: { n: 19_000, text: '19,000 held, no error' },
  heldRss: { ratioToNest: 1.0, kB: 12, text: '≤ 1.0× nest (→ 12 kB)' },
  fanoutCpu: { ratioToNest: 1.0, text: '≤ 1.0× nest' },
  latencyP99Ms: { ms: 20, text: 'p99 ≤ 20 ms' },
  writes: { ratioToBaseline: 0.6, text: '≥ 0.6× baseline' },
  replayMs: { ms: 500, text: '≤ 0.5 s' },
  idleRssMiB: { mib: 300, text: '≤ 300 MiB' },
};

// SSE_WRITER=direct (issue 13): ratios to the baselines of the same run.
export const DIRECT_TARGETS = {
  fanoutCpu: { ratioToRaw: 2.0, ratioToBetterSse: 0.5, text: '≤ 2.0× raw, ≤ 0.5× better-sse' },
  heldRss: { ratioToRaw: 1.3, n: 19_000, text: '≤ 1.3× raw' },
  latencyP99: { ratioToRaw: 1.5, text: '≤ 1.5× raw' },
  replayMs: { ms: 300, text: '≤ 0.3 s' },
};
