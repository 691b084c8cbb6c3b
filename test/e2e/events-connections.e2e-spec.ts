import { EventBus } from '@nestjs/cqrs';
import pg from 'pg';
import { EventLog } from '../../src/shared/application/event-log.js';
import { UserRenamed } from '../../src/users/domain/user.events.js';
import { type BootedApp, bootApp, type Settings } from '../support/boot-app.js';
import { logHead } from '../support/event-log.js';
import { expectNestError } from '../support/http-errors.js';
import { readMetric } from '../support/metrics.js';
import { RawStream } from '../support/raw-stream.js';
import { describeWith, POSTGRES_URL, postgresServer, type Requirement } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { eventBlocks, field } from '../support/sse.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';
import { waitUntil, within } from '../support/wait.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';
import type { SseWriter } from '../../src/config/environment.js';

const MAX_BUFFER_BYTES = 64 * 1024;

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

describe.each(STREAM_WRITERS)('stream connections (SSE_WRITER=%s)', (writer) => {
  let booted: BootedApp;
  let url: string;
  const open: { close(): void }[] = [];

  const connections = () => readMetric(url, 'sse_connections');
  const waitForConnections = (count: number, timeoutMs = 5000) =>
    waitUntil(async () => (await connections()) === count, `sse_connections is ${count}`, timeoutMs);

  beforeAll(async () => {
    // 100 streams from this one client: past SSE_MAX_CONNECTIONS_PER_CLIENT's default of 50.
    booted = await bootApp({ SSE_MAX_BUFFER_BYTES: String(MAX_BUFFER_BYTES), SSE_MAX_CONNECTIONS_PER_CLIENT: '200', ...writtenBy(writer) });
    url = booted.url;
  });

  afterEach(async () => {
    for (const stream of open.splice(0)) stream.close();
    await waitForConnections(0);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const client = (lastEventId: number) => {
    const stream = StreamClient.open(url, { lastEventIdHeader: String(lastEventId) });
    open.push(stream);
    return stream;
  };

  describe('a client that disconnects', () => {
    it('is released within one second of closing its EventSource', async () => {
      const stream = client(0);
      await stream.waitOpen();
      await waitForConnections(1);

      stream.close();
      const waited = await waitForConnections(0, 1000);

      console.log(`EventSource closed: released after ${waited} ms`);
    });

    it('is released within one second of its connection being reset', async () => {
      const raw = RawStream.open(url);
      open.push({ close: () => raw.destroy() });
      await raw.head;
      await waitForConnections(1);

      raw.socket.resetAndDestroy();
      const waited = await waitForConnections(0, 1000);

      console.log(`connection reset: released after ${waited} ms`);
    });

    it('brings sse_connections back to 0 after 100 streams are opened and closed', async () => {
      const streams = Array.from({ length: 100 }, () => client(0));
      await Promise.all(streams.map((stream) => stream.waitOpen(10_000)));
      await waitForConnections(100);

      for (const stream of streams) stream.close();
      const waited = await waitForConnections(0, 1000);

      console.log(`100 streams closed: all released after ${waited} ms`);
    });
  });

  describe('a client that does not read', () => {
    // Past what the kernel buffers hold for a socket nobody reads (4 MiB on a default Linux), by rounds until the cut.
    const ROUND = 500;
    const MIN_EVENTS = 2000;
    const MAX_EVENTS = 8000;
    const BATCH = 10;
    const AGGREGATE_ID = '7d3c1f2e-5a4b-4c3d-8e9f-0a1b2c3d4e5f';
    const LARGE_NAME = 'x'.repeat(4000);
    const FIRST_OCCURRED_AT = Date.UTC(2026, 10, 24, 19, 0, 0);

    /**
     * Appends and publishes large (~4 KB) events in-process, a batch (~40 KB, under SSE_MAX_BUFFER_BYTES) at
     * a time, until at least MIN_EVENTS are out and `enough` says so; answers when each position was published.
     */
    async function publishLargeEvents(enough: () => Promise<boolean>): Promise<Map<number, number>> {
      const log = booted.app.get(EventLog);
      const eventBus = booted.app.get(EventBus);
      const publishedAt = new Map<number, number>();
      for (let first = 0; first < MAX_EVENTS; first += BATCH) {
        if (first >= MIN_EVENTS && first % ROUND === 0 && (await enough())) break;
        const events = range(first, first + BATCH - 1).map(
          (n) => new UserRenamed(AGGREGATE_ID, new Date(FIRST_OCCURRED_AT + n), { name: `${n} ${LARGE_NAME}`, previousName: 'Slow' }),
        );
        const recorded = await log.append(events);
        eventBus.publishAll(recorded);
        const now = Date.now();
        for (const { position } of recorded) publishedAt.set(position, now);
        // The clients live in this process too: let them read before the next batch, as they would elsewhere.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return publishedAt;
    }

    it('is cut off past SSE_MAX_BUFFER_BYTES without slowing the others, and resumes from Last-Event-ID losing nothing', async () => {
      const start = await logHead(booted.app);
      const healthy = client(start);
      await healthy.waitOpen();
      const slow = RawStream.open(url, '/events', { paused: true });
      open.push({ close: () => slow.destroy() });
      await waitForConnections(2);
      const droppedBefore = await readMetric(url, 'sse_connections_dropped_total');

      const publishing = Date.now();
      const publishedAt = await publishLargeEvents(async () => (await readMetric(url, 'sse_connections_dropped_total')) > droppedBefore);
      const publishedIn = Date.now() - publishing;
      const published = publishedAt.size;
      const last = start + published;
      await healthy.waitForId(last, 30_000);
      const deliveredIn = Date.now() - publishing;

      // The healthy client got every event over its one connection, in order.
      expect(healthy.errors).toEqual([]);
      expect(healthy.opens).toBe(1);
      expect(healthy.ids).toEqual(range(start + 1, last));
      const delays = healthy.events.map((event) => event.at - publishedAt.get(Number(event.id))!).sort((a, b) => a - b);
      console.log(
        `slow reader: ${published} events of ~4 KB published in ${publishedIn} ms, all delivered to the healthy client in ${deliveredIn} ms; ` +
          `per-event delay p50 ${percentile(delays, 0.5)} ms, p99 ${percentile(delays, 0.99)} ms, max ${delays.at(-1)} ms`,
      );
      expect(delays.at(-1)).toBeLessThan(5000);

      // The server ended the connection of the client that did not read, and only that one.
      await waitForConnections(1);
      expect(await readMetric(url, 'sse_connections_dropped_total')).toBe(droppedBefore + 1);

      // What the slow client did get, read now, is a gap-free prefix; the resume brings the rest.
      slow.resume();
      const closedWith = await within(slow.closed, 10_000, 'the cut-off connection to close');
      const received = eventBlocks(slow.messages()).map((block) => Number(field(block, 'id')));
      const lastReceived = received.at(-1) ?? start;
      console.log(
        `slow reader: got ${received.length} of ${published} events (${(slow.body.length / 1e6).toFixed(1)} MB) before the cut` +
          `${closedWith ? ` (${closedWith.message})` : ''}`,
      );
      expect(received).toEqual(range(start + 1, lastReceived));
      expect(lastReceived).toBeLessThan(last);

      const resumed = client(lastReceived);
      await resumed.waitForId(last, 30_000);
      expect(resumed.ids).toEqual(range(lastReceived + 1, last));
      expect([...received, ...resumed.ids]).toEqual(range(start + 1, last));
    }, 60_000);
  });
});

describe.each(STREAM_WRITERS)('the SSE_MAX_CONNECTIONS limit (3, SSE_WRITER=%s)', (writer) => {
  let booted: BootedApp;
  let url: string;
  const open: StreamClient[] = [];

  beforeAll(async () => {
    booted = await bootApp({ SSE_MAX_CONNECTIONS: '3', ...writtenBy(writer) });
    url = booted.url;
  });

  afterAll(async () => {
    for (const stream of open) stream.close();
    await booted?.close();
  });

  const client = () => {
    const stream = StreamClient.open(url, { lastEventIdHeader: '0' });
    open.push(stream);
    return stream;
  };

  it('answers a fourth stream 503 with Retry-After in seconds and Nest error shape, and lets one in again when a stream closes', async () => {
    const streams = [client(), client(), client()];
    await Promise.all(streams.map((stream) => stream.waitOpen()));
    await waitUntil(async () => (await readMetric(url, 'sse_connections')) === 3, 'three streams are counted');

    const refused = await fetch(`${url}/events`, { headers: { Accept: 'text/event-stream' } });

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    await expectNestError(refused, 503);
    expect(await readMetric(url, 'sse_connections')).toBe(3);

    streams[0]!.close();
    await waitUntil(async () => (await readMetric(url, 'sse_connections')) === 2, 'the closed stream is released', 1000);
    const admitted = client();
    await admitted.waitOpen();
    expect(await readMetric(url, 'sse_connections')).toBe(3);
  });
});

interface Store {
  readonly settings: Settings;
  drop(): Promise<void>;
}

/** The wave on the embedded database, and on PostgreSQL when there is one: its answers take a turn of the event loop or more. */
function describeWave(name: string, requirements: readonly Requirement[], createStore: () => Promise<Store>, writer: SseWriter): void {
  describeWith(requirements, `the SSE_MAX_CONNECTIONS limit (5) under a wave of 300 concurrent resumes, on ${name} (SSE_WRITER=${writer})`, () => {
    const LIMIT = 5;
    const WAVE = 300;
    let store: Store;
    let booted: BootedApp;
    let url: string;
    const open: RawStream[] = [];

    const connections = () => readMetric(url, 'sse_connections');
    const raw = (lastEventId: string) => {
      const stream = RawStream.open(url, '/events', { headers: { 'Last-Event-ID': lastEventId }, held: true });
      open.push(stream);
      return stream;
    };
    /**
     * Connects them all first, then writes every request in one go, so that the server reads them in the same
     * turns of its event loop. Half resume inside the log, half past its head (a stream.reset).
     */
    const wave = async (count: number) => {
      const streams = Array.from({ length: count }, (_, index) => raw(index % 2 === 0 ? '0' : '1000'));
      await Promise.all(streams.map((stream) => stream.connected));
      for (const stream of streams) stream.send();
      return streams;
    };
    const statuses = async (streams: readonly RawStream[]) => (await Promise.all(streams.map((stream) => stream.head))).map((head) => head.statusCode);

    beforeAll(async () => {
      store = await createStore();
      booted = await bootApp({ ...store.settings, SSE_MAX_CONNECTIONS: String(LIMIT), ...writtenBy(writer) });
      url = booted.url;
      for (const name of ['ann', 'bob', 'cid']) await createUser(url, `${name}@wave.example.com`, name);
    });

    afterEach(async () => {
      for (const stream of open.splice(0)) stream.destroy();
      await waitUntil(async () => (await connections()) === 0, 'every slot is released');
    });

    afterAll(async () => {
      await booted?.close();
      await store?.drop();
    });

    it('admits exactly 5, answers the other 295 503 with Retry-After, releases every slot, and admits 5 again', async () => {
      const first = await wave(WAVE);
      const heads = await Promise.all(first.map((stream) => stream.head));

      const codes = heads.map((head) => head.statusCode);
      console.log(`wave of ${WAVE} resumes against a limit of ${LIMIT}: ${codes.filter((code) => code === 200).length} admitted`);
      expect(codes.filter((code) => code === 200)).toHaveLength(LIMIT);
      expect(codes.filter((code) => code === 503)).toHaveLength(WAVE - LIMIT);
      for (const head of heads.filter((head) => head.statusCode === 503)) expect(head.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(await connections()).toBe(LIMIT);

      for (const stream of first) stream.destroy();
      await waitUntil(async () => (await connections()) === 0, 'every slot is released', 1000);

      expect((await statuses(await wave(LIMIT + 1))).sort()).toEqual([...Array<number>(LIMIT).fill(200), 503]);
    });
  });
}

for (const writer of STREAM_WRITERS) {
  describeWave('PGlite', [], async () => ({ settings: {}, drop: async () => undefined }), writer);
  describeWave(
    'PostgreSQL',
    [postgresServer],
    async () => {
      const scratch = await createScratchDatabase(POSTGRES_URL!);
      return { settings: { DATABASE_URL: scratch.url }, drop: () => scratch.drop() };
    },
    writer,
  );
}

// A lock on the log holds a resume in its setup, between taking its slot and its first byte: needs a server to lock.
describe.each(STREAM_WRITERS)('(SSE_WRITER=%s)', (writer) =>
  describeWith([postgresServer], 'a client that leaves before the first byte, on PostgreSQL', () => {
    let scratch: ScratchDatabase;
    let booted: BootedApp;
    let url: string;
    const connections = () => readMetric(url, 'sse_connections');

    beforeAll(async () => {
      scratch = await createScratchDatabase(POSTGRES_URL!);
      booted = await bootApp({ DATABASE_URL: scratch.url, SSE_MAX_CONNECTIONS: '1', ...writtenBy(writer) });
      url = booted.url;
    });

    afterAll(async () => {
      await booted?.close();
      await scratch?.drop();
    });

    it('gives its slot back at once, while its resume still waits for the log', async () => {
      const locker = new pg.Client({ connectionString: scratch.url });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE event_log IN ACCESS EXCLUSIVE MODE');
      try {
        const leaving = RawStream.open(url, '/events', { headers: { 'Last-Event-ID': '1000' } });
        await waitUntil(async () => (await connections()) === 1, 'its slot is taken while it waits for the log');
        leaving.destroy();
        await waitUntil(async () => (await connections()) === 0, 'its slot is given back', 1000);
      } finally {
        await locker.query('COMMIT');
        await locker.end();
      }
      const next = RawStream.open(url, '/events', { headers: { 'Last-Event-ID': '0' } });
      try {
        expect((await next.head).statusCode).toBe(200);
      } finally {
        next.destroy();
      }
    });
  }),
);
