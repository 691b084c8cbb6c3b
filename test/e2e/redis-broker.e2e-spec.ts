import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BootedApp, Settings } from '../support/boot-app.js';
import { healthOf, Instances, latencies } from '../support/broker-probes.js';
import { redisBinary, type RedisProcess, redisProcess } from '../support/redis-process.js';
import { describeWith, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { buildService, type ServiceBuild, startService } from '../support/service-process.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';
import { delay, waitUntil } from '../support/wait.js';

// Under OrderedEventFeed's one-second log poll by far: an event this fast came through Redis.
const THROUGH_REDIS_MS = 500;
const OUTAGE_MS = 10_000;

// Both ends: an instance whose publisher has not reconnected yet reaches the others only through the log.
const brokersUp = (...instances: BootedApp[]): Promise<number> =>
  waitUntil(async () => (await Promise.all(instances.map(({ url }) => healthOf(url)))).every(({ status }) => status === 200), 'every instance reports the broker up', 10_000, 20);

describeWith([postgresServer, redisBinary], 'instances fanning out through Redis', () => {
  let scratch: ScratchDatabase;
  let redis: RedisProcess;
  const instances = new Instances();
  const boot = (settings: Settings): Promise<BootedApp> => instances.boot(settings);
  const stream = (url: string): Promise<StreamClient> => instances.stream(url);

  beforeEach(async () => {
    scratch = await createScratchDatabase(POSTGRES_URL as string);
    redis = await redisProcess();
  });

  afterEach(async () => {
    await instances.closeAll();
    await redis.stop();
    await scratch.drop();
  });

  it('an instance started while Redis is down subscribes once it is back, and reports the broker down until then', async () => {
    const env = { DATABASE_URL: scratch.url, REDIS_URL: redis.url };
    const early = await boot(env);
    const down = await healthOf(early.url);
    expect(down.status).toBe(503);
    expect(down.body).toContain('broker');
    await delay(2000); // long enough for ioredis to give up on commands it queued while offline

    await redis.start();
    const other = await boot(env);
    await brokersUp(early, other);
    const live = await stream(early.url);

    const measured = await latencies(other.url, live, 10);
    expect(Math.max(...measured)).toBeLessThan(THROUGH_REDIS_MS);
  });

  it('an instance whose Redis restarts subscribes again, and reports the broker down until then', async () => {
    await redis.start();
    const env = { DATABASE_URL: scratch.url, REDIS_URL: redis.url };
    const [first, second] = [await boot(env), await boot(env)];
    await brokersUp(first, second);
    const live = await stream(first.url);

    await redis.stop();
    await waitUntil(async () => (await healthOf(first.url)).status === 503, 'the broker is reported down', 5000, 20);
    expect((await healthOf(first.url)).body).toContain('broker');
    await redis.start();
    await brokersUp(first, second);

    const measured = await latencies(second.url, live, 10);
    expect(Math.max(...measured)).toBeLessThan(THROUGH_REDIS_MS);
  });

  it('fans out between instances that reach one database as localhost and as 127.0.0.1', async () => {
    await redis.start();
    const byName = new URL(scratch.url);
    byName.hostname = 'localhost';
    const byAddress = new URL(scratch.url);
    byAddress.hostname = '127.0.0.1';
    const [named, addressed] = [await boot({ DATABASE_URL: byName.toString(), REDIS_URL: redis.url }), await boot({ DATABASE_URL: byAddress.toString(), REDIS_URL: redis.url })];
    await brokersUp(named, addressed);
    const [namedStream, addressedStream] = [await stream(named.url), await stream(addressed.url)];

    expect(Math.max(...(await latencies(addressed.url, namedStream, 5)))).toBeLessThan(THROUGH_REDIS_MS);
    expect(Math.max(...(await latencies(named.url, addressedStream, 5)))).toBeLessThan(THROUGH_REDIS_MS);
  });

  it('never streams a message another deployment published on its channel, and streams the real event at that position', async () => {
    await redis.start();
    const instance = await boot({ DATABASE_URL: scratch.url, REDIS_URL: redis.url });
    await createUser(instance.url, 'first@example.com', 'First');
    const live = await instances.stream(instance.url, { lastEventIdHeader: '1' });
    const client = new Redis(redis.url);
    try {
      const channels = (await client.pubsub('CHANNELS', 'herald:events:*')) as string[];
      expect(channels).toHaveLength(1);
      const channel = channels[0]!;
      const forged = {
        position: 2,
        type: 'user.created',
        aggregateId: randomUUID(),
        occurredAt: new Date().toISOString(),
        payload: { email: 'forged@example.com', name: 'Forged' },
      };
      await client.publish(channel, JSON.stringify({ ...forged, deployment: randomUUID() }));
      await client.publish(channel, JSON.stringify(forged)); // no deployment at all
      await delay(300);
      expect(live.events).toEqual([]);

      const real = await createUser(instance.url, 'real@example.com', 'Real');
      await live.waitForId(2);
      await delay(100);
      expect(live.events.map(({ id, data }) => ({ id, data: JSON.parse(data) as unknown }))).toEqual([
        { id: '2', data: expect.objectContaining({ id: real.id, name: 'Real' }) },
      ]);
      const resumed = await instances.stream(instance.url, { lastEventIdHeader: '1' });
      await resumed.waitForId(2);
      expect(resumed.events.map(({ id, data }) => ({ id, data }))).toEqual(live.events.map(({ id, data }) => ({ id, data })));
    } finally {
      client.disconnect();
    }
  });
});

describeWith([postgresServer, redisBinary], 'a Redis outage in the logs', () => {
  let build: ServiceBuild;
  let scratch: ScratchDatabase;
  let redis: RedisProcess;

  beforeAll(async () => {
    build = await buildService();
    scratch = await createScratchDatabase(POSTGRES_URL as string);
    redis = await redisProcess();
  });

  afterAll(async () => {
    await redis?.stop();
    await scratch?.drop();
    build?.remove();
  });

  it(`is one line when it starts and one when it ends, however many writes come between (${OUTAGE_MS / 1000} s of writes)`, async () => {
    await redis.start();
    const service = await startService(build, { DATABASE_URL: scratch.url, REDIS_URL: redis.url });
    try {
      // Lines are written in batches: each count below waits until the writes' own lines are out.
      const auditLines = () => service.output().split('\n').filter((line) => line.includes('"context":"Audit"')).length;
      await createUser(service.url, 'before@example.com', 'Before');
      await waitUntil(() => auditLines() >= 1, 'the lines of the write before', 10_000, 20);
      const before = service.output().length;
      // Every line but those each request writes by design: its own line and the audit trail's.
      const perRequest = /"context":"Audit"|"msg":"request (completed|failed|aborted)"/;
      const linesSince = (offset: number) => service.output().slice(offset).split('\n').filter((line) => line !== '' && !perRequest.test(line));

      await redis.stop();
      let writes = 0;
      for (const until = Date.now() + OUTAGE_MS; Date.now() < until; writes++) {
        await createUser(service.url, `during-${writes}@example.com`, 'During');
        await delay(20);
      }
      await waitUntil(() => auditLines() >= writes + 1, 'the lines of the writes during the outage', 10_000, 20);
      const duringOutage = linesSince(before);
      expect(writes).toBeGreaterThan(50);
      expect({ writes, lines: duringOutage.length }).toEqual({ writes, lines: 1 });
      expect(duringOutage[0]).toMatch(/redis/i);

      await redis.start();
      // Not by polling /health: every failed health check is a line of its own (Terminus logs it).
      await waitUntil(() => linesSince(before).length > duringOutage.length, 'the service logs the recovery', 10_000, 50);
      await delay(200);
      const afterOutage = linesSince(before);
      expect(afterOutage).toHaveLength(2);
      expect(afterOutage[1]).toMatch(/redis/i);
      expect((await healthOf(service.url)).status).toBe(200);
    } finally {
      service.kill();
    }
  }, 60_000);
});
