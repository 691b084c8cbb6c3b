import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { logHead, readLog } from '../support/event-log.js';
import { RawStream } from '../support/raw-stream.js';
import { eventBlocks, field } from '../support/sse.js';
import { type ReceivedEvent, StreamClient, type StreamOptions } from '../support/stream-client.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createUser, deleteUser, listAllUsers, renameUser, type User } from '../support/users.js';
import { delay } from '../support/wait.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';

const RETRY_MS = 100;

/** What the stream must say about a logged event: its type, its position as id, and its data. */
const asReceived = (event: RecordedEvent) => ({
  type: event.type,
  id: String(event.position),
  data: { id: event.aggregateId, ...event.payload, occurredAt: event.occurredAt.toISOString() },
});
const asComparable = ({ type, id, data }: ReceivedEvent) => ({ type, id, data: JSON.parse(data) as unknown });

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);

/** Creates users one after another until the time or the count runs out; answers the users created. */
async function publishFor(url: string, prefix: string, durationMs: number, maxCount: number): Promise<User[]> {
  const created: User[] = [];
  const until = Date.now() + durationMs;
  for (let index = 0; index < maxCount && Date.now() < until; index += 1) {
    created.push(await createUser(url, `${prefix}-${index}@example.com`, `${prefix} ${index}`));
  }
  return created;
}

describe.each(STREAM_WRITERS)('resuming with Last-Event-ID (SSE_WRITER=%s)', (writer) => {
  let booted: BootedApp;
  let url: string;
  const closeLater = closeAfterEach();

  beforeAll(async () => {
    booted = await bootApp({ SSE_RETRY_MS: String(RETRY_MS), ...writtenBy(writer) });
    url = booted.url;
    const ann = await createUser(url, 'ann@example.com', 'Ann');
    const bob = await createUser(url, 'bob@example.com', 'Bob');
    await renameUser(url, ann.id, 'Ann Lee');
    await deleteUser(url, bob.id);
    await createUser(url, 'cid@example.com', 'Cid');
    await createUser(url, 'dee@example.com', 'Dee');
  });

  afterAll(async () => {
    await booted?.close();
  });

  const client = (options: StreamOptions) => closeLater(StreamClient.open(url, options));

  /** Creates one more user and waits until every client has its event: nothing older can still be on its way. */
  async function fence(clients: readonly StreamClient[], email: string): Promise<number> {
    await createUser(url, email, 'Fence');
    const head = await logHead(booted.app);
    await Promise.all(clients.map((stream) => stream.waitForId(head, 10_000)));
    return head;
  }

  it.each([
    ['the Last-Event-ID header', (n: number): StreamOptions => ({ lastEventIdHeader: String(n) }), 'fence-header@example.com'],
    ['the lastEventId query parameter', (n: number): StreamOptions => ({ query: { lastEventId: String(n) } }), 'fence-query@example.com'],
  ])('replays exactly the events after N given in %s, then goes on live', async (_, options, fenceEmail) => {
    const before = await logHead(booted.app);
    const n = before - 3;
    const stream = client(options(n));

    const head = await fence([stream], fenceEmail);

    const log = await readLog(booted.app);
    expect(stream.ids).toEqual(range(n + 1, head));
    expect(stream.events.map(asComparable)).toEqual(log.slice(n, head).map(asReceived));
  });

  it('replays nothing when N is the head, and goes on live', async () => {
    const before = await logHead(booted.app);
    const stream = client({ lastEventIdHeader: String(before) });
    await stream.waitOpen();

    const head = await fence([stream], 'fence-head@example.com');

    expect(stream.ids).toEqual([before + 1]);
    expect(head).toBe(before + 1);
  });

  it('replays the whole log after Last-Event-ID: 0', async () => {
    const head = await logHead(booted.app);
    const stream = client({ lastEventIdHeader: '0' });
    await stream.waitForId(head);
    const after = await fence([stream], 'fence-zero@example.com');

    expect(stream.events.map(asComparable)).toEqual((await readLog(booted.app)).map(asReceived));
    expect(stream.ids).toEqual(range(1, after));
  });

  it('hands over from replay to live with no gap, duplicate or reordering while two writers publish continuously', async () => {
    const start = await logHead(booted.app);
    const observer = client({ query: { lastEventId: String(start) } });
    await observer.waitOpen();

    const writers = Promise.all([publishFor(url, 'busy-a', 2000, 300), publishFor(url, 'busy-b', 2000, 300)]);
    const resumers: { readonly from: number; readonly stream: StreamClient }[] = [];
    let writing = true;
    void writers.finally(() => (writing = false));
    for (let index = 0; index < 12 && writing; index += 1) {
      await delay(150);
      // Resume a few events behind what has been published, so that the replay and the live feed overlap.
      const from = Math.max(start, (observer.lastId ?? start) - (index % 4) * 3);
      const options: StreamOptions = index % 2 === 0 ? { lastEventIdHeader: String(from) } : { query: { lastEventId: String(from) } };
      resumers.push({ from, stream: client(options) });
    }
    const created = (await writers).flat();
    const head = await fence([observer, ...resumers.map(({ stream }) => stream)], 'fence-busy@example.com');

    const log = await readLog(booted.app);
    console.log(`resume under load: ${created.length} users created, ${resumers.length} clients resumed, log head ${head}`);
    expect(resumers.length).toBeGreaterThanOrEqual(5);
    expect(observer.events.map(asComparable)).toEqual(log.slice(start, head).map(asReceived));
    for (const { from, stream } of resumers) {
      expect({ from, ids: stream.ids }).toEqual({ from, ids: range(from + 1, head) });
      expect(stream.events.map(asComparable)).toEqual(log.slice(from, head).map(asReceived));
    }
    const createdIds = log.slice(start, head - 1).filter((event) => event.type === 'user.created').map((event) => event.aggregateId);
    expect(createdIds.sort()).toEqual(created.map(({ id }) => id).sort());
    const listed = new Set((await listAllUsers(url)).map(({ id }) => id));
    for (const { id } of created) expect(listed.has(id)).toBe(true);
  });

  describe('through a connection that drops', () => {
    let proxy: TcpProxy;

    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(url).port));
    });

    afterAll(async () => {
      await proxy?.close();
    });

    it('reconnects by itself with its Last-Event-ID and misses nothing while events are published', async () => {
      const start = await logHead(booted.app);
      const stream = client({ query: { lastEventId: String(start) }, via: `http://127.0.0.1:${proxy.port}` });
      await stream.waitOpen();

      const writer = publishFor(url, 'dropped', 1500, 300);
      await stream.waitForId(start + 20, 5000);
      proxy.cut();
      proxy.restore();
      const created = await writer;
      const head = await fence([stream], 'fence-dropped@example.com');

      const log = await readLog(booted.app);
      console.log(`reconnect: ${created.length} users created, ${stream.opens} connections, ${stream.errors.length} errors`);
      expect(stream.opens).toBeGreaterThanOrEqual(2);
      expect(stream.errors.length).toBeGreaterThanOrEqual(1);
      expect(stream.ids).toEqual(range(start + 1, head));
      expect(stream.events.map(asComparable)).toEqual(log.slice(start, head).map(asReceived));
    });
  });
});

describe.each(STREAM_WRITERS)('resuming from outside the retained window (SSE_REPLAY_LIMIT=5, SSE_WRITER=%s)', (writer) => {
  const LIMIT = 5;
  let booted: BootedApp;
  let url: string;
  const closeLater = closeAfterEach();

  beforeAll(async () => {
    booted = await bootApp({ SSE_REPLAY_LIMIT: String(LIMIT), ...writtenBy(writer) });
    url = booted.url;
    for (let index = 1; index <= 12; index += 1) await createUser(url, `window-${index}@example.com`, `Window ${index}`);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const client = (options: StreamOptions) => closeLater(StreamClient.open(url, options));

  it('sends stream.reset as the first message after the opening one, with id P, then the retained events after P', async () => {
    const head = await logHead(booted.app);
    const oldest = head - LIMIT + 1;
    const n = oldest - 6;
    const raw = RawStream.open(url, '/events', { headers: { 'Last-Event-ID': String(n) } });
    closeLater({ close: () => raw.destroy() });

    const messages = await raw.waitForMessages((all) => eventBlocks(all).length >= LIMIT + 1, 'the reset and the retained events have arrived');

    expect(field(messages[0]!, 'retry')).toBeDefined();
    expect(field(messages[0]!, 'event')).toBeUndefined();
    const [reset, ...events] = messages.slice(1);
    expect(field(reset!, 'event')).toBe('stream.reset');
    expect(field(reset!, 'id')).toBe(String(oldest - 1));
    expect(JSON.parse(field(reset!, 'data')!)).toEqual({ lastEventId: String(n), resumeFrom: oldest - 1 });
    expect(events.map((block) => field(block, 'id'))).toEqual(range(oldest, head).map(String));
  });

  it('continues without a reset from N just before the oldest retained event', async () => {
    const head = await logHead(booted.app);
    const oldest = head - LIMIT + 1;
    const stream = client({ lastEventIdHeader: String(oldest - 1) });
    await stream.waitForId(head);
    await createUser(url, 'edge@example.com', 'Edge');
    await stream.waitForId(head + 1);

    expect(stream.events.map(({ type }) => type)).not.toContain('stream.reset');
    expect(stream.ids).toEqual(range(oldest, head + 1));
  });

  it('sends stream.reset when N is one older than that', async () => {
    const head = await logHead(booted.app);
    const oldest = head - LIMIT + 1;
    const stream = client({ lastEventIdHeader: String(oldest - 2) });
    await stream.waitForId(head);

    expect(stream.events[0]).toMatchObject({ type: 'stream.reset', id: String(oldest - 1) });
    expect(JSON.parse(stream.events[0]!.data)).toEqual({ lastEventId: String(oldest - 2), resumeFrom: oldest - 1 });
    expect(stream.ids.slice(1)).toEqual(range(oldest, head));
  });

  it('sends stream.reset with resumeFrom the head when N is newer than the head, then goes on live', async () => {
    const head = await logHead(booted.app);
    const stream = client({ query: { lastEventId: '1000' } });
    await stream.collect(1);
    await createUser(url, 'newer@example.com', 'Newer');
    await stream.waitForId(head + 1);

    expect(stream.events[0]).toMatchObject({ type: 'stream.reset', id: String(head) });
    expect(JSON.parse(stream.events[0]!.data)).toEqual({ lastEventId: '1000', resumeFrom: head });
    expect(stream.events.slice(1).map(({ type, id }) => [type, Number(id)])).toEqual([['user.created', head + 1]]);
  });

  it('sends stream.reset to the head, echoing N exactly, for an id past the largest number JavaScript holds exactly', async () => {
    const head = await logHead(booted.app);
    const stream = client({ lastEventIdHeader: '99999999999999999999' });
    await stream.collect(1);

    expect(stream.events[0]).toMatchObject({ type: 'stream.reset', id: String(head) });
    expect(JSON.parse(stream.events[0]!.data)).toEqual({ lastEventId: '99999999999999999999', resumeFrom: head });
  });

  it('sends stream.reset whatever the types= filter', async () => {
    const head = await logHead(booted.app);
    const oldest = head - LIMIT + 1;
    const stream = client({ lastEventIdHeader: '1', query: { types: 'user.deleted' } });
    await stream.collect(1);
    const victim = await createUser(url, 'victim@example.com', 'Victim');
    await deleteUser(url, victim.id);
    await stream.waitForId(head + 2);

    expect(stream.events.map(({ type, id }) => [type, Number(id)])).toEqual([
      ['stream.reset', oldest - 1],
      ['user.deleted', head + 2],
    ]);
    expect(JSON.parse(stream.events[0]!.data)).toEqual({ lastEventId: '1', resumeFrom: oldest - 1 });
  });
});
