import { type BootedApp, bootApp } from '../support/boot-app.js';
import { logHead, readLog } from '../support/event-log.js';
import { expectNestError } from '../support/http-errors.js';
import { readMetric } from '../support/metrics.js';
import { RawStream } from '../support/raw-stream.js';
import { eventBlocks, field, type SseBlock } from '../support/sse.js';
import { StreamClient, type StreamOptions } from '../support/stream-client.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';
import { createUser, deleteUser, renameUser, sendJson } from '../support/users.js';
import { waitUntil } from '../support/wait.js';

const HEARTBEAT_MS = 200;
const RETRY_MS = 1500;

// Every line a well-formed stream of this service may hold: blank, a comment, or one of the four fields.
const WELL_FORMED_LINE = /^(|:.*|(id|event|data|retry): [^\r\n]*)$/;

const fieldNames = (block: SseBlock) => block.fields.map(({ name }) => name).sort();
const isIsoDate = (value: unknown): boolean => typeof value === 'string' && new Date(value).toISOString() === value;

describe.each(STREAM_WRITERS)('GET /events (SSE_WRITER=%s)', (writer) => {
  let booted: BootedApp;
  let url: string;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    booted = await bootApp({ SSE_HEARTBEAT_MS: String(HEARTBEAT_MS), SSE_RETRY_MS: String(RETRY_MS), ...writtenBy(writer) });
    url = booted.url;
  });

  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });

  afterAll(async () => {
    await booted?.close();
  });

  const raw = (path = '/events', headers: Record<string, string> = {}) => {
    const stream = RawStream.open(url, path, { headers });
    open.push({ close: () => stream.destroy() });
    return stream;
  };

  const client = (options: StreamOptions) => {
    const stream = StreamClient.open(url, options);
    open.push(stream);
    return stream;
  };

  describe('response headers', () => {
    it('are text/event-stream, not cacheable, keep-alive, unbuffered by proxies and never compressed', async () => {
      const stream = raw('/events', { 'Accept-Encoding': 'gzip, deflate, br' });
      const { statusCode, headers } = await stream.head;

      expect(statusCode).toBe(200);
      expect(headers['content-type']).toMatch(/^text\/event-stream(;\s*charset=utf-8)?$/i);
      const cacheControl = (headers['cache-control'] ?? '').split(',').map((token) => token.trim().toLowerCase());
      expect(cacheControl).toEqual(expect.arrayContaining(['no-cache', 'no-store', 'must-revalidate']));
      expect(cacheControl).not.toContain('public');
      expect(cacheControl).not.toContain('immutable');
      for (const token of cacheControl.filter((candidate) => /^(s-)?max-age=/.test(candidate))) expect(token).toMatch(/^max-age=0$/);
      expect(headers.connection?.toLowerCase()).toBe('keep-alive');
      expect(headers['x-accel-buffering']).toBe('no');
      expect(headers['content-encoding']).toBeUndefined();
    });
  });

  describe('framing', () => {
    it('opens with a message that carries retry: and the head position as id:, and no event or data', async () => {
      await createUser(url, 'open-1@example.com', 'Open One');
      await createUser(url, 'open-2@example.com', 'Open Two');
      const head = await logHead(booted.app);

      const stream = raw();
      const [first] = await stream.waitForMessages((messages) => messages.length >= 1, 'the opening message has arrived');

      // Blank lines may come before it; nothing else may.
      expect(stream.body.slice(0, stream.body.indexOf(first!.lines[0]!))).toMatch(/^[\r\n]*$/);
      expect(first!.comments).toEqual([]);
      expect(fieldNames(first!)).toEqual(['id', 'retry']);
      expect(field(first!, 'retry')).toBe(String(RETRY_MS));
      expect(field(first!, 'id')).toBe(String(head));
    });

    it('sends each domain event as one message with exactly id, event and data, once each', async () => {
      const head = await logHead(booted.app);
      const stream = raw('/events', { 'Last-Event-ID': String(head) });
      await stream.head;

      const user = await createUser(url, 'frame@example.com', 'Frame');
      await renameUser(url, user.id, 'Framed');
      await deleteUser(url, user.id);
      const events = eventBlocks(await stream.waitForMessages((messages) => eventBlocks(messages).length >= 3, 'three events have arrived'));

      expect(events.map((block) => field(block, 'event'))).toEqual(['user.created', 'user.renamed', 'user.deleted']);
      expect(events.map((block) => field(block, 'id'))).toEqual([head + 1, head + 2, head + 3].map(String));
      for (const block of events) {
        expect(fieldNames(block)).toEqual(['data', 'event', 'id']);
        expect(block.comments).toEqual([]);
        const data = JSON.parse(field(block, 'data')!) as Record<string, unknown>;
        expect(data).toMatchObject({ id: user.id });
        expect(isIsoDate(data.occurredAt)).toBe(true);
      }
      for (const line of stream.body.split('\n')) expect(line).toMatch(WELL_FORMED_LINE);
    });

    it('never writes a CR or LF of a name raw: the event stays one data line of JSON', async () => {
      const head = await logHead(booted.app);
      const stream = raw('/events', { 'Last-Event-ID': String(head) });
      await stream.head;
      const name = 'Ann\r\nLee\rX\nY';

      const response = await sendJson(url, 'POST', '/users', { email: 'crlf@example.com', name });

      // The contract allows either: the value is carried safely, or the request is refused.
      expect([201, 400]).toContain(response.status);
      if (response.status === 400) {
        await createUser(url, 'after-crlf@example.com', 'After');
        const [next] = eventBlocks(await stream.waitForMessages((messages) => eventBlocks(messages).length >= 1, 'the next event has arrived'));
        expect(field(next!, 'id')).toBe(String(head + 1));
        expect(JSON.parse(field(next!, 'data')!)).toMatchObject({ email: 'after-crlf@example.com' });
        return;
      }
      const { id } = (await response.json()) as { id: string };
      await renameUser(url, id, 'Lee\nAnn');
      const events = eventBlocks(await stream.waitForMessages((messages) => eventBlocks(messages).length >= 2, 'two events have arrived'));
      expect(events.map(fieldNames)).toEqual([
        ['data', 'event', 'id'],
        ['data', 'event', 'id'],
      ]);
      expect(JSON.parse(field(events[0]!, 'data')!)).toMatchObject({ name });
      expect(JSON.parse(field(events[1]!, 'data')!)).toMatchObject({ name: 'Lee\nAnn' });
      expect(stream.body).not.toContain('\r');
      for (const line of stream.body.split('\n')) expect(line).toMatch(WELL_FORMED_LINE);
    });

    it('numbers events with strictly increasing ids that are their log positions, the same on every connection', async () => {
      const head = await logHead(booted.app);
      const clients = [client({ query: { lastEventId: String(head) } }), client({ lastEventIdHeader: String(head) })];
      await Promise.all(clients.map((stream) => stream.waitOpen()));

      const users = [];
      for (const name of ['Id One', 'Id Two', 'Id Three', 'Id Four', 'Id Five']) {
        users.push(await createUser(url, `${name.replace(' ', '-').toLowerCase()}@example.com`, name));
      }
      await renameUser(url, users[0]!.id, 'Id Uno');
      await renameUser(url, users[1]!.id, 'Id Dos');
      const expected = Array.from({ length: 7 }, (_, index) => head + 1 + index);
      await Promise.all(clients.map((stream) => stream.waitForId(head + 7)));

      const log = (await readLog(booted.app)).filter((event) => event.position > head);
      for (const stream of clients) {
        expect(stream.ids).toEqual(expected);
        expect(stream.events.map(({ type }) => type)).toEqual(log.map(({ type }) => type));
      }
      expect(log.map(({ position }) => position)).toEqual(expected);
    });
  });

  describe('an HTTP/1.0 client', () => {
    it('gets the same messages unchunked, in a body that ends with the connection', async () => {
      const head = await logHead(booted.app);
      const stream = RawStream.open(url, '/events', { httpVersion: '1.0', headers: { 'Last-Event-ID': String(head) } });
      open.push({ close: () => stream.destroy() });
      const answer = await stream.head;
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(answer.headers['transfer-encoding']).toBeUndefined();

      const user = await createUser(url, 'http10@example.com', 'Old Client');
      await renameUser(url, user.id, 'Older Client');
      const events = eventBlocks(await stream.waitForMessages((messages) => eventBlocks(messages).length >= 2, 'two events have arrived'));
      expect(events.map((block) => [field(block, 'id'), field(block, 'event')])).toEqual([
        [String(head + 1), 'user.created'],
        [String(head + 2), 'user.renamed'],
      ]);
      // A chunk's size line (hex digits) in the body would break this: the bytes are the stream's own.
      for (const line of stream.body.split('\n')) expect(line).toMatch(WELL_FORMED_LINE);
      await stream.waitForBody((body) => body.includes(': heartbeat'), 'a heartbeat, written the same way');
    });
  });

  describe('heartbeat', () => {
    it('sends a ": heartbeat" comment and a blank line once the stream has been quiet for SSE_HEARTBEAT_MS, and again after that', async () => {
      const stream = raw();
      await stream.waitForMessages((messages) => messages.length >= 1, 'the opening message has arrived');
      const openedAt = Date.now();

      const isHeartbeat = (block: SseBlock) => block.fields.length === 0 && block.comments.length > 0;
      const first = await stream.waitForMessages((messages) => messages.some(isHeartbeat), 'a heartbeat has arrived', 3000);
      const firstAt = Date.now();
      await stream.waitForMessages((messages) => messages.filter(isHeartbeat).length >= 2, 'a second heartbeat has arrived', 3000);

      expect(first.filter(isHeartbeat)[0]!.lines).toEqual([': heartbeat']);
      expect(stream.body).toContain('\n: heartbeat\n\n');
      expect(firstAt - openedAt).toBeGreaterThanOrEqual(HEARTBEAT_MS - 50);
      for (const line of stream.body.split('\n')) expect(line).toMatch(WELL_FORMED_LINE);
    });
  });

  describe('types=', () => {
    it('sends only the event types named, with their ids from the log', async () => {
      const head = await logHead(booted.app);
      const filtered = client({ query: { lastEventId: String(head), types: 'user.created,user.deleted' } });
      const renames = client({ query: { lastEventId: String(head), types: 'user.renamed' } });
      await Promise.all([filtered.waitOpen(), renames.waitOpen()]);

      const first = await createUser(url, 'typed-1@example.com', 'Typed One');
      await renameUser(url, first.id, 'Typed Uno');
      await deleteUser(url, first.id);
      const second = await createUser(url, 'typed-2@example.com', 'Typed Two');
      await filtered.waitForId(head + 4);
      await renames.waitForId(head + 2);
      // A later event both streams receive proves that nothing else was on its way to either.
      await renameUser(url, second.id, 'Typed Dos');
      await renames.waitForId(head + 5);
      await createUser(url, 'typed-3@example.com', 'Typed Three');
      await filtered.waitForId(head + 6);

      expect(filtered.events.map(({ type, id }) => [type, Number(id)])).toEqual([
        ['user.created', head + 1],
        ['user.deleted', head + 3],
        ['user.created', head + 4],
        ['user.created', head + 6],
      ]);
      expect(renames.events.map(({ type, id }) => [type, Number(id)])).toEqual([
        ['user.renamed', head + 2],
        ['user.renamed', head + 5],
      ]);
    });

    it.each(['user.created,user.exploded', 'user.exploded', 'USER.CREATED'])('answers 400 before the stream starts to types=%s', async (types) => {
      await waitUntil(async () => (await readMetric(url, 'sse_connections')) === 0, 'the earlier streams are released');
      const response = await fetch(`${url}/events?types=${encodeURIComponent(types)}`, { headers: { Accept: 'text/event-stream' } });
      await expectNestError(response, 400);
      expect(await readMetric(url, 'sse_connections')).toBe(0);
    });
  });

  describe('Last-Event-ID', () => {
    it.each(['abc', '-1', '1.5', '1e3', '0x10', '12abc'])('answers 400 before the stream starts to the header %s', async (value) => {
      const response = await fetch(`${url}/events`, { headers: { Accept: 'text/event-stream', 'Last-Event-ID': value } });
      await expectNestError(response, 400);
    });

    it.each(['abc', '-1', '1.5', '1e3'])('answers 400 before the stream starts to lastEventId=%s', async (value) => {
      const response = await fetch(`${url}/events?lastEventId=${encodeURIComponent(value)}`, { headers: { Accept: 'text/event-stream' } });
      await expectNestError(response, 400);
    });

    it('answers 400 to a bad header even when the query holds a good id', async () => {
      const response = await fetch(`${url}/events?lastEventId=0`, { headers: { Accept: 'text/event-stream', 'Last-Event-ID': 'abc' } });
      await expectNestError(response, 400);
    });

    it('lets a good header win over a bad query id', async () => {
      const stream = raw('/events?lastEventId=abc', { 'Last-Event-ID': '0' });
      const { statusCode, headers } = await stream.head;
      expect(statusCode).toBe(200);
      expect(headers['content-type']).toMatch(/^text\/event-stream/);
      const [firstEvent] = eventBlocks(await stream.waitForMessages((messages) => eventBlocks(messages).length >= 1, 'the replay has begun'));
      expect(field(firstEvent!, 'id')).toBe('1');
    });

    it('replays after the header id when the header and the query disagree', async () => {
      await createUser(url, 'wins-1@example.com', 'Wins One');
      await createUser(url, 'wins-2@example.com', 'Wins Two');
      const head = await logHead(booted.app);

      const stream = client({ lastEventIdHeader: String(head - 1), query: { lastEventId: String(head - 2) } });
      await stream.waitForId(head);
      await createUser(url, 'wins-3@example.com', 'Wins Three');
      await stream.waitForId(head + 1);

      expect(stream.ids).toEqual([head, head + 1]);
    });
  });
});
