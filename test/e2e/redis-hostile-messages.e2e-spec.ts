import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { readMetrics } from '../support/metrics.js';
import { redisBinary, type RedisProcess, redisProcess } from '../support/redis-process.js';
import { describeWith, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { buildService, type ServiceBuild, type ServiceProcess, startService } from '../support/service-process.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';
import { delay, waitUntil } from '../support/wait.js';

async function deploymentIdOf(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM deployment WHERE slot = 1');
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}

/** Messages no instance of this deployment would send, each with the reason it is dropped for. */
function hostileMessages(deployment: string): (readonly [reason: string, message: string])[] {
  // At the position the stream waits for next: anything that got through would be streamed at once.
  const event = {
    deployment,
    position: 2,
    type: 'user.created',
    aggregateId: randomUUID(),
    occurredAt: '2026-12-01T10:00:00.000Z',
    payload: { email: 'forged@example.com', name: 'Forged' },
  };
  const withFields = (fields: Record<string, unknown>) => JSON.stringify({ ...event, ...fields });
  const withPayload = (payload: unknown) => withFields({ payload });
  return [
    // First: before issue 9 this one reached the SSE encoder, whose throw RxJS rethrew on a timer.
    ['type', withFields({ type: 'user.created\r\nevent: user.deleted' })],
    ['type', withFields({ type: 'user.created\n' })],
    ['type', withFields({ type: 'user.exploded' })],
    ['type', withFields({ type: 42 })],
    ['not-json', '{"position":'],
    ['not-json', ''],
    ['too-large', withPayload({ email: 'big@example.com', name: 'x'.repeat(70_000) })],
    ['shape', 'null'],
    ['shape', '[1,2]'],
    ['shape', '"user.created"'],
    ['shape', withFields({ role: 'admin' })],
    ['other-deployment', withFields({ deployment: randomUUID() })],
    ['other-deployment', withFields({ deployment: undefined })],
    ['position', withFields({ position: '2' })],
    ['position', withFields({ position: -2 })],
    ['position', withFields({ position: 2 ** 53 })],
    ['position', withFields({ position: 2.5 })],
    ['aggregate-id', withFields({ aggregateId: 'not-a-uuid' })],
    ['aggregate-id', withFields({ aggregateId: `${randomUUID()}\n` })],
    ['occurred-at', withFields({ occurredAt: 'yesterday' })],
    ['occurred-at', withFields({ occurredAt: '2026-02-30T10:00:00.000Z' })],
    ['occurred-at', withFields({ occurredAt: '2026-12-01' })],
    ['payload', withPayload({ email: 1, name: 'Forged' })],
    ['payload', withPayload({ name: 'Forged' })],
    ['payload', withPayload({ email: 'forged@example.com', name: 'Forged', role: 'admin' })],
    ['payload', withPayload(['forged@example.com'])],
    ['payload', withFields({}).replace('"payload":{', '"payload":{"__proto__":{"polluted":"yes"},')],
  ];
}

const droppedBy = async (url: string): Promise<Record<string, number>> =>
  Object.fromEntries(
    [...(await readMetrics(url))].flatMap(([series, value]) => {
      const reason = /^herald_broker_messages_dropped_total\{reason="([^"]+)"\}$/.exec(series)?.[1];
      return reason ? [[reason, value]] : [];
    }),
  );

describeWith([postgresServer, redisBinary], 'hostile messages on the Redis channel', () => {
  let build: ServiceBuild;
  let scratch: ScratchDatabase;
  let redis: RedisProcess;
  let service: ServiceProcess | undefined;
  let live: StreamClient | undefined;
  let publisher: Redis | undefined;

  beforeAll(async () => {
    build = await buildService();
    scratch = await createScratchDatabase(POSTGRES_URL as string);
    redis = await redisProcess();
    await redis.start();
  });

  afterAll(async () => {
    live?.close();
    publisher?.disconnect();
    service?.kill();
    await redis?.stop();
    await scratch?.drop();
    build?.remove();
  });

  it('are dropped and counted by reason; the process stays up, streams none of them, and streams the next real event', async () => {
    service = await startService(build, { DATABASE_URL: scratch.url, REDIS_URL: redis.url });
    await createUser(service.url, 'first@example.com', 'First');
    live = StreamClient.open(service.url, { lastEventIdHeader: '1' });
    await live.waitOpen();
    const deployment = await deploymentIdOf(scratch.url);
    const channel = `herald:events:${deployment}`;
    publisher = new Redis(redis.url);
    expect(await publisher.pubsub('NUMSUB', channel)).toEqual([channel, 1]);

    const hostile = hostileMessages(deployment);
    for (const [, message] of hostile) await publisher.publish(channel, message);
    const expected: Record<string, number> = {};
    for (const [reason] of hostile) expected[reason] = (expected[reason] ?? 0) + 1;
    await waitUntil(
      async () => service!.child.exitCode !== null || JSON.stringify(await droppedBy(service!.url)) === JSON.stringify(expected),
      'every hostile message is counted',
      5000,
      50,
    ).catch(() => undefined);
    await delay(1500); // past an RxJS rethrow on a timer, and past the feed's one-second log poll

    const { exitCode, signalCode } = service.child;
    const lastWords = exitCode === null && signalCode === null ? '' : service.output().slice(-2000);
    expect({ exitCode, signalCode, lastWords }).toEqual({ exitCode: null, signalCode: null, lastWords: '' });
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    expect(live.events).toEqual([]);
    expect(await droppedBy(service.url)).toEqual(expected);
    expect(service.output()).toMatch(/dropped 1 message/);

    const real = await createUser(service.url, 'real@example.com', 'Real');
    await live.waitForId(2);
    await delay(100);
    expect(live.events.map(({ type, id, data }) => ({ type, id, data: JSON.parse(data) as unknown }))).toEqual([
      { type: 'user.created', id: '2', data: expect.objectContaining({ id: real.id, name: 'Real', email: 'real@example.com' }) },
    ]);
  }, 60_000);
});
