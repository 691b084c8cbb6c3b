import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { EventSource } from 'eventsource';
import { type BootedApp, bootApp, type Settings } from '../support/boot-app.js';
import { freshDataDir } from '../support/data-dir.js';
import { sendJson } from '../support/users.js';
import { waitUntil } from '../support/wait.js';
import { describeWith, POSTGRES_URL, postgresServer, REDIS_URL, redisServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// SSE_RETRY_MS short, so that a client dropped by a restart comes back quickly.
const boot = (settings: Settings, port = 0): Promise<BootedApp> => bootApp({ SSE_RETRY_MS: '100', ...settings }, port);

const createUser = (url: string, email: string): Promise<Response> =>
  sendJson(url, 'POST', '/users', { email, name: email.split('@')[0] });

interface Store {
  readonly name: string;
  env(): Promise<Settings>;
  cleanup(): Promise<void>;
}

const pglite = (): Store => {
  let dir: string | null = null;
  return {
    name: 'PGlite',
    env: async () => ({ DATA_DIR: (dir ??= await freshDataDir()) }),
    cleanup: async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
};

const postgres = (serverUrl: string): Store => {
  let scratch: ScratchDatabase | null = null;
  return {
    name: 'PostgreSQL',
    env: async () => {
      scratch ??= await createScratchDatabase(serverUrl);
      return { DATABASE_URL: scratch.url };
    },
    cleanup: async () => scratch?.drop(),
  };
};

const stores: [string, () => Store][] = [
  ['PGlite', pglite],
  ...(POSTGRES_URL ? [['PostgreSQL', () => postgres(POSTGRES_URL as string)] as [string, () => Store]] : []),
];

describe.each(stores)('durability on %s', (_name, makeStore) => {
  let store: Store;

  beforeEach(() => {
    store = makeStore();
  });

  afterEach(async () => {
    await store.cleanup();
  });

  it('50 concurrent creations get exactly the next 50 positions, and every stream sees them in order', async () => {
    const { close, url } = await boot(await store.env());
    try {
      await createUser(url, 'first@example.com');
      const streams = [0, 1].map(() => new EventSource(`${url}/events`));
      const seen: number[][] = streams.map(() => []);
      streams.forEach((stream, index) => stream.addEventListener('user.created', (event) => seen[index]!.push(Number(event.lastEventId))));
      await Promise.all(streams.map((stream) => new Promise((resolve) => (stream.onopen = resolve))));

      const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => createUser(url, `c${i}@example.com`).then((r) => r.status)));

      expect(statuses.every((status) => status === 201)).toBe(true);
      const expected = Array.from({ length: 50 }, (_, i) => i + 2);
      await waitUntil(() => seen.every((ids) => ids.length >= 50), 'the events arrived', 10_000);
      for (const ids of seen) expect(ids).toEqual(expected);
      streams.forEach((stream) => stream.close());
    } finally {
      await close();
    }
  });

  it('10 concurrent creations with one address give one 201, nine 409 and one event', async () => {
    const { close, url } = await boot(await store.env());
    try {
      const emails = Array.from({ length: 10 }, (_, i) => (i % 2 ? 'Same@Example.com' : 'same@example.com '));
      const statuses = await Promise.all(emails.map((email) => createUser(url, email).then((r) => r.status)));

      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(9);
      const replay = new EventSource(`${url}/events?lastEventId=0`);
      const ids: string[] = [];
      replay.addEventListener('user.created', (event) => ids.push(event.lastEventId));
      await new Promise((resolve) => setTimeout(resolve, 300));
      replay.close();
      expect(ids).toEqual(['1']);
    } finally {
      await close();
    }
  });

  it('a client that saw event N resumes after a restart and gets everything after N exactly once', async () => {
    const port = await freePort();
    const env = await store.env();
    let running = await boot(env, port);
    const client = new EventSource(`${running.url}/events`);
    const received: string[] = [];
    client.addEventListener('user.created', (event) => received.push(event.lastEventId));
    try {
      await new Promise((resolve) => (client.onopen = resolve));
      for (const name of ['a', 'b', 'c']) await createUser(running.url, `${name}@example.com`);
      await waitUntil(() => received.length === 3, 'the events arrived', 5000);

      await running.close();
      running = await boot(env, port);
      for (const name of ['d', 'e']) await createUser(running.url, `${name}@example.com`);

      // The client reconnects by itself (retry: 100 ms) with Last-Event-ID: 3.
      await waitUntil(() => received.length >= 5, 'the events arrived', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual(['1', '2', '3', '4', '5']);
    } finally {
      client.close();
      await running.close();
    }
  });
});

// Needs a real server to take away.
describeWith([postgresServer], 'a database that goes away', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase(POSTGRES_URL as string);
  });

  afterAll(async () => {
    await scratch.drop();
  });

  it('answers writes with 503 while it is gone, writes nothing half, and recovers without a restart', async () => {
    const target = new URL(scratch.url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    target.host = `127.0.0.1:${proxy.port}`;
    const { close, url } = await boot({ DATABASE_URL: target.toString() });
    try {
      expect((await createUser(url, 'before@example.com')).status).toBe(201);

      proxy.cut();
      const during = await createUser(url, 'during@example.com');
      expect(during.status).toBe(503);
      expect(await during.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(503);
      expect(JSON.stringify(await health.json())).toContain('database');
      // A resume that needs the log (past what this instance has seen) is refused before the stream
      // starts, not answered with an in-stream error; one within the window of recent events needs no log.
      for (const resumeAt of [{ headers: { 'last-event-id': '1000' } }, { query: '?lastEventId=1000' }]) {
        const resume = await fetch(`${url}/events${resumeAt.query ?? ''}`, { headers: resumeAt.headers });
        expect(resume.status).toBe(503);
        expect(resume.headers.get('content-type')).toContain('application/json');
        expect(await resume.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      }
      const served = new AbortController();
      const withinWindow = await fetch(`${url}/events`, { headers: { 'last-event-id': '0' }, signal: served.signal });
      expect(withinWindow.status).toBe(200);
      served.abort();

      proxy.restore();
      const after = await createUser(url, 'after@example.com');
      expect(after.status).toBe(201);
      expect((await fetch(`${url}/health`)).status).toBe(200);

      const list = (await (await fetch(`${url}/users`)).json()) as { items: { email: string }[] };
      expect(list.items.map((user) => user.email).sort()).toEqual(['after@example.com', 'before@example.com']);
      const replay = new EventSource(`${url}/events?lastEventId=0`);
      const ids: string[] = [];
      replay.addEventListener('user.created', (event) => ids.push(event.lastEventId));
      await new Promise((resolve) => setTimeout(resolve, 300));
      replay.close();
      expect(ids).toEqual(['1', '2']);
    } finally {
      await close();
      await proxy.close();
    }
  });
});

// Several instances need a shared server and broker.
describeWith([postgresServer, redisServer], 'several instances on one database and one Redis', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase(POSTGRES_URL as string);
  });

  afterAll(async () => {
    await scratch.drop();
  });

  it('every instance streams every event in log order, and a client resumes on another instance', async () => {
    const env = { DATABASE_URL: scratch.url, REDIS_URL: REDIS_URL as string };
    const [a, b] = [await boot(env), await boot(env)];
    const clients = [new EventSource(`${a.url}/events`), new EventSource(`${b.url}/events`)];
    const seen: number[][] = [[], []];
    clients.forEach((client, i) => client.addEventListener('user.created', (event) => seen[i]!.push(Number(event.lastEventId))));
    try {
      await Promise.all(clients.map((client) => new Promise((resolve) => (client.onopen = resolve))));
      await Promise.all(Array.from({ length: 20 }, (_, i) => createUser((i % 2 ? a : b).url, `m${i}@example.com`)));

      const expected = Array.from({ length: 20 }, (_, i) => i + 1);
      await waitUntil(() => seen.every((ids) => ids.length >= 20), 'the events arrived', 10_000);
      expect(seen).toEqual([expected, expected]);

      const resumed = new EventSource(`${b.url}/events?lastEventId=15`);
      const ids: number[] = [];
      resumed.addEventListener('user.created', (event) => ids.push(Number(event.lastEventId)));
      await waitUntil(() => ids.length >= 5, 'the events arrived', 5000);
      resumed.close();
      expect(ids).toEqual([16, 17, 18, 19, 20]);
    } finally {
      clients.forEach((client) => client.close());
      await Promise.all([a.close(), b.close()]);
    }
  });
});
