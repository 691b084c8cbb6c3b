import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { deploymentIdOf, expectDroppedWhileAlive } from '../support/broker-probes.js';
import { redisBinary, type RedisProcess, redisProcess } from '../support/redis-process.js';
import { describeWith, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { buildService, type ServiceBuild, type ServiceProcess, startService } from '../support/service-process.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';

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
    await expectDroppedWhileAlive(service, live, hostile.map(([reason]) => reason));
  }, 60_000);
});
