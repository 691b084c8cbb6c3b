// One server under test, in its own process (forked by the runner with --expose-gc), on 127.0.0.1 and
// a free port. The runner drives it over IPC: publish as fast as the clients take (credit-based), or
// at a fixed rate; read process.cpuUsage() and memory (after global.gc()) around a window.
import { setImmediate as tick } from 'node:timers/promises';
import { serveIpc, sleep } from '../lib/proc.mjs';
import { nowMicros } from '../lib/payload.mjs';

const kind = process.argv[2];
const options = JSON.parse(process.argv[3] ?? '{}');
const servers = {
  raw: () => import('./raw.mjs'),
  nest: () => import('./nest.mjs'),
  'better-sse': () => import('./better-sse.mjs'),
  herald: () => import('./herald.mjs'),
  'nest-writes': () => import('./nest-writes.mjs'),
  'herald-build': () => import('./herald-build.mjs'),
};
if (!servers[kind]) throw new Error(`unknown server kind ${kind}`);

const server = await (await servers[kind]()).start(options);
const sockets = new Set();
server.httpServer.on('connection', (socket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
});

let credit = 0;
let creditWaiter = null;
let seq = 0;
let publishing = false;

const gc = () => {
  if (typeof global.gc !== 'function') throw new Error('run the server with --expose-gc');
  global.gc();
  global.gc();
};

/** asCommand: the fixed-rate schedule's events, published the way the server's writes are, where it tells them apart. */
async function publishOne({ asCommand = false } = {}) {
  seq += 1;
  const publish = asCommand && server.publishAsCommand ? server.publishAsCommand : server.publish;
  const result = publish.call(server, seq, nowMicros());
  if (result && typeof result.then === 'function') await result;
}

serveIpc({
  info: () => ({ kind, port: server.port, pid: process.pid }),
  status: () => {
    let pendingBytes = 0;
    for (const socket of sockets) pendingBytes += socket.writableLength;
    return { sockets: sockets.size, pendingBytes, streams: server.streams?.() ?? null };
  },
  mark: () => ({ cpu: process.cpuUsage(), at: performance.now(), hrMicros: Number(process.hrtime.bigint() / 1000n) }),
  memory: async () => {
    gc();
    await sleep(50);
    gc();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    return { rss, heapUsed, heapTotal, external, arrayBuffers };
  },
  credit: ({ upTo }) => {
    credit = Math.max(credit, upTo);
    creditWaiter?.();
  },
  /** Publishes while the clients keep up (credit from the runner), until durationMs or maxEvents. */
  flood: async ({ durationMs, maxEvents }) => {
    if (publishing) throw new Error('already publishing');
    publishing = true;
    credit = 0;
    const start = performance.now();
    let published = 0;
    try {
      while (published < maxEvents && performance.now() - start < durationMs) {
        if (published >= credit) {
          await new Promise((resolve) => {
            creditWaiter = resolve;
            setTimeout(resolve, 20);
          });
          creditWaiter = null;
          continue;
        }
        await publishOne();
        published += 1;
        await tick(); // let the sockets flush and the runner's credit come in
      }
    } finally {
      publishing = false;
    }
    return { published, elapsedMs: performance.now() - start };
  },
  /**
   * Publishes at a fixed rate (events/s) for durationMs, on a schedule that does not drift. Open loop: an event
   * is sent when it is due, not when the one before has committed, as writers that do not wait for one another
   * would send them (a slow commit is then latency, not a lower rate).
   */
  rate: async ({ rate, durationMs }) => {
    if (publishing) throw new Error('already publishing');
    publishing = true;
    const interval = 1000 / rate;
    const total = Math.floor((durationMs / 1000) * rate);
    const start = performance.now();
    let published = 0;
    let late = 0;
    const committing = new Set();
    try {
      while (published < total && performance.now() - start < durationMs + 5000) {
        const due = start + published * interval;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        else {
          if (wait < -interval) late += 1;
          await tick();
        }
        const sent = publishOne({ asCommand: true });
        committing.add(sent);
        sent.finally(() => committing.delete(sent));
        published += 1;
      }
      await Promise.all(committing);
    } finally {
      publishing = false;
    }
    return { published, late, elapsedMs: performance.now() - start };
  },
  fill: async ({ count }) => {
    if (!server.fill) throw new Error(`${kind} keeps no log`);
    return server.fill(count);
  },
  exit: async () => {
    for (const socket of sockets) socket.destroy();
  },
});

process.send({ type: 'ready', port: server.port, pid: process.pid });
