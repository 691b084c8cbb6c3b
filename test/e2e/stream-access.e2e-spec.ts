import { type BootedApp, bootApp } from '../support/boot-app.js';
import { expectNestError } from '../support/http-errors.js';
import { StreamClient } from '../support/stream-client.js';
import { ALL_SCOPES, bearer, JWT_MODE, mintToken } from '../support/tokens.js';
import { sendJson } from '../support/users.js';
import { delay, waitUntil } from '../support/wait.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';

describe.each(STREAM_WRITERS)('streams and their tokens (SSE_WRITER=%s)', (writer) => {
  let service: BootedApp;
  const clients: StreamClient[] = [];
  const aborts: AbortController[] = [];

  beforeAll(async () => {
    service = await bootApp({ ...JWT_MODE, SSE_MAX_CONNECTIONS_PER_CLIENT: '2', ...writtenBy(writer) });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.source.close();
    for (const abort of aborts.splice(0)) abort.abort();
  });

  afterAll(async () => {
    await service.close();
  });

  const openRaw = async (token: string) => {
    const abort = new AbortController();
    aborts.push(abort);
    return fetch(`${service.url}/events`, { headers: bearer(token), signal: abort.signal });
  };

  it('refuses a client past SSE_MAX_CONNECTIONS_PER_CLIENT with 429 and Retry-After, and only that client', async () => {
    const ann = await mintToken({ sub: 'ann', scope: 'events:read' });
    expect((await openRaw(ann)).status).toBe(200);
    expect((await openRaw(ann)).status).toBe(200);
    const refused = await openRaw(ann);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectNestError(refused, 429);
    expect((await openRaw(await mintToken({ sub: 'bob', scope: 'events:read' }))).status).toBe(200);
  });

  it('ends a stream cleanly at its token expiry; a resume with a fresh token and Last-Event-ID loses nothing', async () => {
    const writer = bearer(await mintToken({ sub: 'writer', scope: ALL_SCOPES }));
    const created = async (name: string) => (await sendJson(service.url, 'POST', '/users', { email: `${name}@example.com`, name }, writer)).status;
    const shortLived = StreamClient.open(service.url, { headers: bearer(await mintToken({ sub: 'watcher', scope: 'events:read', expiresIn: 3 })) });
    clients.push(shortLived);
    await shortLived.waitOpen();
    const opened = Date.now();
    expect(await created('before-expiry')).toBe(201);
    await shortLived.collect(1);

    await waitUntil(() => shortLived.errors.length > 0, 'the stream has ended', 8_000);
    const endedAfter = shortLived.errors[0]!.at - opened;
    expect(endedAfter).toBeLessThan(6_000); // exp is 3 s after minting; the 30 s of skew are not added
    shortLived.source.close();
    expect(await created('while-away')).toBe(201);

    const resumed = StreamClient.open(service.url, {
      headers: bearer(await mintToken({ sub: 'watcher', scope: 'events:read' })),
      lastEventIdHeader: String(shortLived.lastId),
    });
    clients.push(resumed);
    expect(await created('after-resume')).toBe(201);
    const events = await resumed.collect(2);
    expect(events.map((event) => JSON.parse(event.data).name)).toEqual(['while-away', 'after-resume']);
    expect(Number(events[0]!.id)).toBe(shortLived.lastId! + 1);
  }, 20_000);

  it('streams the same events, ids and types to events:read alone, with no email, replayed and live', async () => {
    const writer = bearer(await mintToken({ sub: 'writer', scope: ALL_SCOPES }));
    const before = (await (await sendJson(service.url, 'POST', '/users', { email: 'aud1@example.com', name: 'Aud One' }, writer)).json()) as { id: string };
    const ready = (await (await fetch(`${service.url}/health/ready`)).json()) as { details: { database: { head: number } } };
    const from = String(ready.details.database.head - 1); // a resume: the first event comes from the replay
    const everything = StreamClient.open(service.url, { headers: bearer(await mintToken({ sub: 'full', scope: 'events:read users:read' })), lastEventIdHeader: from });
    const watcher = StreamClient.open(service.url, { headers: bearer(await mintToken({ sub: 'watcher', scope: 'events:read' })), lastEventIdHeader: from });
    clients.push(everything, watcher);
    await Promise.all([everything.waitOpen(), watcher.waitOpen()]);
    await sendJson(service.url, 'POST', '/users', { email: 'aud2@example.com', name: 'Aud Two' }, writer);
    await sendJson(service.url, 'PATCH', `/users/${before.id}`, { name: 'Aud Uno' }, writer);
    const [full, redacted] = await Promise.all([everything.collect(3), watcher.collect(3)]);
    expect(redacted.map(({ id, type }) => ({ id, type }))).toEqual(full.map(({ id, type }) => ({ id, type })));
    expect(full.filter((event) => event.data.includes('"email"'))).toHaveLength(2);
    expect(redacted.filter((event) => event.data.includes('email'))).toEqual([]);
    expect(redacted.map((event) => JSON.parse(event.data).name)).toEqual(['Aud One', 'Aud Two', 'Aud Uno']);
  });

  it('never opens a stream for a token that has already expired', async () => {
    await delay(0);
    const expired = await mintToken({ scope: 'events:read', expiresIn: -60 });
    await expectNestError(await openRaw(expired), 401);
  });
});
