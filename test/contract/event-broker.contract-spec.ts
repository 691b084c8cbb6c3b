import { randomUUID } from 'node:crypto';
import { config } from 'rxjs';
import { ClientIdInUse, type EventBroker } from '../../src/events/application/ports/event-broker.js';
import { InProcessEventBroker } from '../../src/events/infrastructure/in-process-event-broker.js';
import { PostgresEventBroker } from '../../src/events/infrastructure/postgres-event-broker.js';
import { RedisEventBroker } from '../../src/events/infrastructure/redis-event-broker.js';
import { RecordedEvent } from '../../src/shared/application/recorded-event.js';
import { CountingStreamMetrics } from '../support/counting-stream-metrics.js';
import { redisBinary, type RedisProcess, redisProcess } from '../support/redis-process.js';
import { describeWith, POSTGRES_URL, postgresServer, type Requirement } from '../support/requirements.js';
import { delay, waitUntil } from '../support/wait.js';

interface BrokerFixture {
  readonly name: string;
  readonly requires: readonly Requirement[];
  setUp(): Promise<void>;
  /** A broker that is up: subscribed, when it has a server to subscribe to. */
  open(): Promise<EventBroker & { close(): Promise<void> }>;
  tearDown(): Promise<void>;
}

const inProcess: BrokerFixture = {
  name: 'InProcessEventBroker',
  requires: [],
  setUp: async () => undefined,
  open: async () => Object.assign(new InProcessEventBroker(), { close: async () => undefined }),
  tearDown: async () => undefined,
};

const onRedis = (): BrokerFixture => {
  let redis: RedisProcess | undefined;
  return {
    name: 'RedisEventBroker',
    requires: [redisBinary],
    async setUp() {
      redis = await redisProcess();
      await redis.start();
    },
    async open() {
      const broker = new RedisEventBroker(redis!.url, randomUUID(), new CountingStreamMetrics());
      const up = () => broker.ping().then(() => true, () => false);
      await waitUntil(up, 'the Redis broker is subscribed', 5000, 10);
      return Object.assign(broker, { close: () => broker.onModuleDestroy() });
    },
    tearDown: async () => redis?.stop(),
  };
};

// LISTEN needs no table: the server's own database will do, under a deployment id of its own for each broker.
const onPostgres: BrokerFixture = {
  name: 'PostgresEventBroker',
  requires: [postgresServer],
  setUp: async () => undefined,
  async open() {
    const broker = new PostgresEventBroker(POSTGRES_URL as string, randomUUID(), new CountingStreamMetrics());
    await broker.start();
    const up = () => broker.ping().then(() => true, () => false);
    await waitUntil(up, 'the PostgreSQL broker is listening', 5000, 10);
    return Object.assign(broker, { close: () => broker.onModuleDestroy() });
  },
  tearDown: async () => undefined,
};

const eventAt = (position: number): RecordedEvent =>
  new RecordedEvent(position, 'user.created', `20000000-0000-4000-8000-${String(position).padStart(12, '0')}`, new Date(Date.UTC(2026, 11, 1, 10, 0, position)), {
    email: `user${position}@example.com`,
    name: `User ${position}`,
  });

// Redis hands a local subscriber this instance's event twice (at once, and back from the channel): the contract is delivery, not once.
const distinct = (positions: readonly number[]): number[] => [...new Set(positions)];
// Long enough for an event to come back from Redis: what has not arrived by then is not coming.
const SETTLE_MS = 150;

for (const fixture of [inProcess, onRedis(), onPostgres]) {
  describeWith(fixture.requires, `EventBroker on ${fixture.name}`, () => {
    let broker: EventBroker & { close(): Promise<void> };
    let reported: unknown[];

    beforeAll(() => fixture.setUp());
    afterAll(() => fixture.tearDown());

    beforeEach(async () => {
      reported = [];
      config.onUnhandledError = (error) => reported.push(error); // what RxJS would otherwise rethrow on a timer
      broker = await fixture.open();
    });

    afterEach(async () => {
      config.onUnhandledError = null;
      await broker.close();
    });

    const collect = (clientId: string): number[] => {
      const positions: number[] = [];
      broker.subscribe(clientId, (event) => positions.push(event.position));
      return positions;
    };

    it('hands each subscriber the events published while it is subscribed', async () => {
      const first = collect('first');
      broker.publish(eventAt(1));
      await delay(SETTLE_MS);
      const second = collect('second');
      broker.publish(eventAt(2));
      await delay(SETTLE_MS);

      expect(distinct(first)).toEqual([1, 2]);
      expect(distinct(second)).toEqual([2]);
    });

    it('refuses a second subscription under a client id in use, and the first keeps its events', async () => {
      const first = collect('feed');

      expect(() => broker.subscribe('feed', () => undefined)).toThrow(ClientIdInUse);
      broker.publish(eventAt(1));
      await delay(SETTLE_MS);
      expect(distinct(first)).toEqual([1]);
    });

    it('lets a client id go when its subscription is unsubscribed, and only then', async () => {
      const before: number[] = [];
      const subscription = broker.subscribe('feed', (event) => before.push(event.position));
      broker.publish(eventAt(1));
      await delay(SETTLE_MS);
      subscription.unsubscribe();
      subscription.unsubscribe(); // letting go twice is letting go once
      const after = collect('feed');
      broker.publish(eventAt(2));
      await delay(SETTLE_MS);

      expect(distinct(before)).toEqual([1]);
      expect(distinct(after)).toEqual([2]);
    });

    it('carries on past a subscriber that throws: the others and its own later events still come, and nothing is rethrown', async () => {
      const thrower: number[] = [];
      broker.subscribe('thrower', (event) => {
        thrower.push(event.position);
        throw new Error(`cannot take event ${event.position}`);
      });
      const other = collect('other');
      broker.publish(eventAt(1));
      broker.publish(eventAt(2));
      await delay(SETTLE_MS);

      expect(distinct(thrower)).toEqual([1, 2]);
      expect(distinct(other)).toEqual([1, 2]);
      expect(reported).toEqual([]);
      await expect(broker.ping()).resolves.toBeUndefined();
    });
  });
}
