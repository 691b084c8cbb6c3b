import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ClientHttp2Session } from 'node:http2';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { connectHttp2, type Http2EventStream, openHttp2EventStream } from '../support/http2-streams.js';
import { requestFrom } from '../support/local-client.js';
import { readMetric } from '../support/metrics.js';
import { type NginxProcess, startNginx } from '../support/nginx-process.js';
import { redisBinary, type RedisProcess, redisProcess } from '../support/redis-process.js';
import { describeWith, nginxServer, opensslCli, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { buildService, type ServiceBuild, type ServiceProcess, startService } from '../support/service-process.js';
import { field } from '../support/sse.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';
import { waitUntil } from '../support/wait.js';

// Under OrderedEventFeed's one-second log poll by far, and far under a heartbeat: an event this fast was
// neither held by nginx nor late (redis-broker.e2e-spec.ts uses the same bound without nginx).
const UNDELAYED_MS = 500;

const range = (after: number, upTo: number): number[] => Array.from({ length: upTo - after }, (_, i) => after + 1 + i);

describeWith([postgresServer, redisBinary, nginxServer, opensslCli], 'two instances behind nginx (deploy/nginx/herald.conf.template)', () => {
  let build: ServiceBuild;
  let scratch: ScratchDatabase;
  let redis: RedisProcess;
  const instances: ServiceProcess[] = [];
  let nginx: NginxProcess;
  let database: pg.Pool;
  const streams: StreamClient[] = [];

  /** The newest position of the shared event log: what every stream must have reached once it is caught up. */
  const headPosition = async (): Promise<number> =>
    Number((await database.query<{ head: string }>('SELECT coalesce(max(position), 0) AS head FROM event_log')).rows[0]!.head);
  const streamVia = async (options: { lastEventIdHeader?: string } = {}): Promise<StreamClient> => {
    const client = StreamClient.open(nginx.httpUrl, options);
    streams.push(client);
    await client.waitOpen();
    return client;
  };
  const openStreams = async (): Promise<number[]> => Promise.all(instances.map(({ url }) => readMetric(url, 'sse_connections')));
  /** Writes `count` users, alternating between the instances (directly), and returns the log's head after them. */
  const writeOnEither = async (count: number): Promise<number> => {
    for (let i = 0; i < count; i++) await createUser(instances[i % 2]!.url, `w-${randomUUID()}@example.com`, 'Writer');
    return headPosition();
  };

  beforeAll(async () => {
    build = await buildService();
    scratch = await createScratchDatabase(POSTGRES_URL as string);
    database = new pg.Pool({ connectionString: scratch.url, max: 1 });
    redis = await redisProcess();
    await redis.start();
    const settings = { DATABASE_URL: scratch.url, REDIS_URL: redis.url, SSE_RETRY_MS: '200', TRUST_PROXY: '127.0.0.1' };
    // One instance on each stream writer (SSE_WRITER): what goes through nginx holds for both, as during a change of writer.
    for (const writer of STREAM_WRITERS) instances.push(await startService(build, { ...settings, ...writtenBy(writer) })); // one by one, so that afterAll stops what started
    nginx = await startNginx(instances.map(({ url }) => new URL(url).host));
  }, 120_000);

  afterEach(async () => {
    for (const client of streams.splice(0)) client.close();
    // Every stream released, so that the next test can tell by sse_connections where its streams landed
    // (after the last test one instance is gone, and there is no next test to tell).
    await waitUntil(async () => (await openStreams().catch(() => [0])).every((count) => count === 0), 'the instances hold no stream', 5000, 50).catch(() => undefined);
  });

  afterAll(async () => {
    for (const instance of instances) instance.kill();
    await nginx?.stop();
    await redis?.stop();
    await database?.end();
    await scratch?.drop();
    build?.remove();
  });

  it('streams the events written on either instance through nginx, each as soon as it is written', async () => {
    const before = await headPosition();
    const [proxied, direct] = [await streamVia(), StreamClient.open(instances[0]!.url)];
    streams.push(direct);
    await direct.waitOpen();

    const delays: number[] = []; // through nginx, from the write's start
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      const { id } = await createUser(instances[i % 2]!.url, `fast-${i}@example.com`, 'Fast');
      const arrival = (stream: StreamClient) => stream.events.find((event) => (JSON.parse(event.data) as { id?: string }).id === id);
      await waitUntil(() => arrival(proxied) !== undefined && arrival(direct) !== undefined, `user ${id} reached both streams`, 5000, 2);
      delays.push(arrival(proxied)!.at - started);
    }

    expect(proxied.ids).toEqual(range(before, before + 20));
    expect(direct.ids).toEqual(proxied.ids);
    expect(Math.max(...delays)).toBeLessThan(UNDELAYED_MS);
    expect(proxied.opens).toBe(1); // never cut and resumed on the way
  });

  describe('over TLS', () => {
    let session: ClientHttp2Session;
    afterEach(() => session?.destroy());

    it('speaks HTTP/2 to the browser: several streams of one client share one connection', async () => {
      session = await connectHttp2(nginx.httpsUrl);
      expect(session.alpnProtocol).toBe('h2');
      const onOneConnection: Http2EventStream[] = Array.from({ length: 4 }, () => openHttp2EventStream(session));
      const heads = await Promise.all(onOneConnection.map((stream) => stream.headers));
      for (const head of heads) {
        expect(head[':status']).toBe(200);
        expect(head['content-type']).toMatch(/^text\/event-stream/);
        expect(head['content-encoding']).toBeUndefined();
        expect(head['x-accel-buffering']).toBeUndefined(); // nginx's own instruction, not passed on
      }
      await waitUntil(async () => (await openStreams()).reduce((sum, count) => sum + count, 0) === 4, 'four streams are open upstream', 5000, 20);

      const started = Date.now();
      const { id } = await createUser(instances[1]!.url, 'h2@example.com', 'Over HTTP/2');
      const carries = (stream: Http2EventStream) => stream.blocks().some((block) => field(block, 'data')?.includes(id));
      await waitUntil(() => onOneConnection.every(carries), 'the event reached every HTTP/2 stream', 5000, 2);
      expect(Date.now() - started).toBeLessThan(UNDELAYED_MS);
      for (const stream of onOneConnection) stream.close();
    });
  });

  it('a resume through nginx that lands on the other instance loses nothing and repeats nothing', async () => {
    const before = await headPosition();
    const first = await streamVia();
    await waitUntil(async () => (await openStreams()).includes(1), 'the stream is open on an instance', 5000, 20);
    const servedBy = (await openStreams()).indexOf(1);
    const seen = await writeOnEither(3);
    await first.waitForId(seen);
    first.close();
    await waitUntil(async () => (await openStreams()).every((count) => count === 0), 'the first stream is released', 5000, 20);
    const missed = await writeOnEither(3); // while the browser is away

    // Round robin sends the next request to the other instance; a stream that lands on the same one is tried again.
    let resumed: StreamClient | undefined;
    for (let attempt = 0; attempt < 4 && resumed === undefined; attempt++) {
      const candidate = await streamVia({ lastEventIdHeader: String(seen) });
      await waitUntil(async () => (await openStreams()).some((count) => count === 1), 'the resume is open on an instance', 5000, 20);
      if ((await openStreams())[1 - servedBy] === 1) resumed = candidate;
      else {
        candidate.close();
        await waitUntil(async () => (await openStreams()).every((count) => count === 0), 'the stream is released', 5000, 20);
      }
    }
    if (!resumed) throw new Error('no resume landed on the other instance in four tries');
    await resumed.waitForId(missed);
    const live = await writeOnEither(2);
    await resumed.waitForId(live);

    expect([...first.ids, ...resumed.ids]).toEqual(range(before, live));
  });

  it('no stream loses an event when Redis restarts mid-run', async () => {
    const before = await headPosition();
    const watching = await Promise.all(Array.from({ length: 4 }, () => streamVia()));
    await waitUntil(async () => (await openStreams()).every((count) => count > 0), 'streams are open on both instances', 5000, 20);

    await writeOnEither(5);
    await redis.stop();
    await writeOnEither(5);
    await redis.start();
    const after = await writeOnEither(5);

    for (const stream of watching) await stream.waitForId(after, 10_000);
    for (const stream of watching) expect(stream.ids).toEqual(range(before, after));
  }, 60_000);

  // Last: it leaves one instance.
  it('when an instance is killed, its streams resume through nginx on the other with nothing lost or repeated', async () => {
    const before = await headPosition();
    const watching = await Promise.all(Array.from({ length: 6 }, () => streamVia()));
    await waitUntil(async () => (await openStreams()).every((count) => count > 0), 'streams are open on both instances', 5000, 20);
    const onVictim = (await openStreams())[0]!;

    const victim = instances[0]!;
    const midway = await writeOnEither(5);
    for (const stream of watching) await stream.waitForId(midway);
    victim.kill();
    expect((await victim.exited).signal).toBe('SIGKILL');

    // Through nginx: a write that meets the dead instance's refused connection goes to the live one.
    for (let i = 0; i < 5; i++) await createUser(nginx.httpUrl, `after-kill-${i}@example.com`, 'After');
    const after = await headPosition();
    for (const stream of watching) await stream.waitForId(after, 10_000);

    for (const stream of watching) expect(stream.ids).toEqual(range(before, after));
    expect(watching.filter((stream) => stream.opens > 1)).toHaveLength(onVictim);
    expect(await readMetric(instances[1]!.url, 'sse_connections')).toBe(watching.length);
  }, 60_000);
});

describeWith([nginxServer, opensslCli], 'limits through nginx', () => {
  let app: BootedApp;
  let nginx: NginxProcess;
  const users = (): string => `${nginx.httpUrl}/users`;
  const newUser = () => ({ email: `limit-${randomUUID()}@example.com`, name: 'Limited' });

  beforeAll(async () => {
    app = await bootApp({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_WRITES: '2', SSE_MAX_CONNECTIONS: '1' });
    nginx = await startNginx([new URL(app.url).host]);
  }, 30_000);

  afterAll(async () => {
    await nginx?.stop();
    await app?.close();
  });

  it('passes a 429 through with its Retry-After, and counts each browser by the address nginx saw', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await requestFrom('127.0.0.2', users(), 'POST', newUser())).status);
    const limited = await requestFrom('127.0.0.2', users(), 'POST', newUser());
    const other = await requestFrom('127.0.0.3', users(), 'POST', newUser());

    expect(statuses).toEqual([201, 201, 429]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body)).toMatchObject({ statusCode: 429 });
    expect(other.status).toBe(201);
  });

  it('a client-sent X-Forwarded-For buys no fresh budget', async () => {
    for (let i = 0; i < 2; i++) expect((await requestFrom('127.0.0.4', users(), 'POST', newUser())).status).toBe(201);
    const forged = await requestFrom('127.0.0.4', users(), 'POST', newUser(), { 'x-forwarded-for': '198.51.100.7' });

    expect(forged.status).toBe(429);
  });

  it('passes a 503 of a full instance through with its Retry-After', async () => {
    const holding = StreamClient.open(nginx.httpUrl);
    try {
      await holding.waitOpen();
      const refused = await fetch(`${nginx.httpUrl}/events`, { headers: { accept: 'text/event-stream' } });

      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ statusCode: 503 });
    } finally {
      holding.close();
    }
  });
});
