import { setTimeout as sleep } from 'node:timers/promises';
import type { DomainEvent } from '../../shared/domain/domain-event.js';
import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import { UserDeleted } from '../../users/domain/user.events.js';
import { appConfig } from '../../../test/support/app-config.js';
import { CountingEventEncoder } from '../../../test/support/counting-event-encoder.js';
import { CountingEventLog } from '../../../test/support/counting-event-log.js';
import { eventually } from '../../../test/support/eventually.js';
import { startStreams } from '../../../test/support/event-streams.js';
import { SlowEventLog } from '../../../test/support/slow-event-log.js';
import { StreamConsumer } from '../../../test/support/stream-consumer.js';
import { userCreated, usersCreated } from '../../../test/support/user-events.js';
import { InProcessEventBroker } from '../infrastructure/in-process-event-broker.js';
import type { EventStreams, StreamRequest } from './event-streams.js';
import type { OrderedEventFeed } from './ordered-event-feed.js';

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);

describe('EventStreams', () => {
  let log: InMemoryEventLog;
  let broker: InProcessEventBroker;
  let feed: OrderedEventFeed;
  const consumers: StreamConsumer[] = [];

  /** The log holds `existing` events before the feed starts (only the log has them); `published` more go through the feed. */
  async function setup(existing: readonly DomainEvent[], options: { replayLimit?: number; slow?: boolean; published?: number } = {}) {
    log = new InMemoryEventLog();
    broker = new InProcessEventBroker();
    await log.append(existing);
    const counted = new CountingEventLog(options.slow ? new SlowEventLog(log) : log);
    const encoder = new CountingEventEncoder();
    const started = await startStreams({ log, broker, replayLog: counted, encoder, config: appConfig({ SSE_REPLAY_LIMIT: options.replayLimit ?? 10_000 }) });
    feed = started.feed;
    await commit(usersCreated(existing.length + 1, options.published ?? 0));
    return { streams: started.streams, counted, encoder };
  }

  async function commit(events: readonly DomainEvent[]): Promise<void> {
    for (const recorded of await log.append(events)) broker.publish(recorded);
  }

  async function open(streams: EventStreams, request: StreamRequest): Promise<StreamConsumer> {
    const consumer = new StreamConsumer(await streams.open(request));
    consumers.push(consumer);
    return consumer;
  }

  /** Waits for the count, then a little longer, so that an extra item would show. */
  async function settle(consumer: StreamConsumer, count: number): Promise<string[]> {
    await eventually(() => consumer.received.length >= count);
    await sleep(10);
    return consumer.received;
  }

  afterEach(() => {
    for (const consumer of consumers.splice(0)) consumer.unsubscribe();
    feed.onModuleDestroy();
  });

  it('opens a fresh stream at the head and then sends only live events', async () => {
    const { streams } = await setup(usersCreated(1, 3));
    const consumer = await open(streams, { lastEventId: null, types: null });
    await commit(usersCreated(4, 2));
    expect(await settle(consumer, 3)).toEqual(['opening 3', 'live 4 user.created', 'live 5 user.created']);
  });

  it('opens a fresh stream on an empty log at 0', async () => {
    const { streams } = await setup([]);
    expect(await settle(await open(streams, { lastEventId: null, types: null }), 1)).toEqual(['opening 0']);
  });

  it('replays N+1 to the head after Last-Event-ID N, then goes live', async () => {
    const { streams } = await setup(usersCreated(1, 5));
    const consumer = await open(streams, { lastEventId: 2n, types: null });
    await eventually(() => consumer.received.length === 4);
    await commit([userCreated(6)]);
    expect(await settle(consumer, 5)).toEqual(['opening 2', 'replay 3 user.created', 'replay 4 user.created', 'replay 5 user.created', 'live 6 user.created']);
  });

  it('replays nothing when resumed from the head', async () => {
    const { streams } = await setup(usersCreated(1, 5));
    expect(await settle(await open(streams, { lastEventId: 5n, types: null }), 1)).toEqual(['opening 5']);
  });

  it.each([null, 0n, 20n, 45n])(
    'hands over from the log to live with no gap and no duplicate while events keep coming (Last-Event-ID %p)',
    async (lastEventId) => {
      const { streams } = await setup(usersCreated(1, 40), { slow: true });
      let consumer: StreamConsumer | null = null;
      // Pairs commit together and publish in reverse, as two racing commits may.
      for (let n = 41; n <= 120; n += 2) {
        if (n === 51) consumer = await open(streams, { lastEventId, types: null });
        for (const recorded of (await log.append([userCreated(n), userCreated(n + 1)])).reverse()) broker.publish(recorded);
        await sleep(n % 3 === 0 ? 1 : 0);
      }
      await eventually(() => consumer!.positions.at(-1) === 120);
      const [opening] = consumer!.received;
      const start = Number(opening?.split(' ')[1]);
      if (lastEventId !== null) expect(start).toBe(Number(lastEventId));
      expect(consumer!.positions).toEqual(range(start + 1, 120));
      expect(consumer!.received.some((line) => line.startsWith('live '))).toBe(true);
    },
  );

  it('sends only the requested types, replayed and live', async () => {
    const deleted = (n: number) => new UserDeleted(userCreated(n).aggregateId, new Date(0), { email: `user${n}@example.com` });
    const { streams } = await setup([userCreated(1), deleted(1)]);
    const consumer = await open(streams, { lastEventId: 0n, types: new Set(['user.deleted']) });
    await eventually(() => consumer.received.length === 2);
    await commit([userCreated(2), deleted(2)]);
    expect(await settle(consumer, 3)).toEqual(['opening 0', 'replay 2 user.deleted', 'live 4 user.deleted']);
  });

  it('resets to just before the oldest retained event when N is older than the window', async () => {
    const { streams } = await setup(usersCreated(1, 10), { replayLimit: 3 });
    const consumer = await open(streams, { lastEventId: 2n, types: null });
    expect(await settle(consumer, 5)).toEqual(['opening 2', 'reset 2->7', 'replay 8 user.created', 'replay 9 user.created', 'replay 10 user.created']);
  });

  it('resumes without a reset from exactly the oldest retained position', async () => {
    const { streams } = await setup(usersCreated(1, 10), { replayLimit: 3 });
    const consumer = await open(streams, { lastEventId: 7n, types: null });
    expect(await settle(consumer, 4)).toEqual(['opening 7', 'replay 8 user.created', 'replay 9 user.created', 'replay 10 user.created']);
  });

  it('resets when N is older than the retained events even though the window of recent events is longer', async () => {
    const { streams } = await setup([], { replayLimit: 3, published: 10 });
    const consumer = await open(streams, { lastEventId: 6n, types: null });
    expect(await settle(consumer, 5)).toEqual(['opening 6', 'reset 6->7', 'replay 8 user.created', 'replay 9 user.created', 'replay 10 user.created']);
  });

  it('resets to the head when N is newer than the head, then goes live', async () => {
    const { streams } = await setup(usersCreated(1, 10));
    const consumer = await open(streams, { lastEventId: 15n, types: null });
    await eventually(() => consumer.received.length === 2);
    await commit([userCreated(11)]);
    expect(await settle(consumer, 3)).toEqual(['opening 10', 'reset 15->10', 'live 11 user.created']);
  });

  it('resets to the head for an id past every safe integer, naming it exactly', async () => {
    const { streams } = await setup(usersCreated(1, 10));
    expect(await settle(await open(streams, { lastEventId: 9_007_199_254_740_993n, types: null }), 2)).toEqual(['opening 10', 'reset 9007199254740993->10']);
  });

  it('sends the reset whatever the types filter', async () => {
    const { streams } = await setup(usersCreated(1, 10), { replayLimit: 3 });
    expect(await settle(await open(streams, { lastEventId: 2n, types: new Set(['user.deleted']) }), 2)).toEqual(['opening 2', 'reset 2->7']);
  });

  describe('what a resume costs the log', () => {
    it('issues no query and encodes nothing again for a resume within the window of recent events', async () => {
      const { streams, counted, encoder } = await setup(usersCreated(1, 5), { published: 10 });
      const encodedBefore = encoder.encoded;
      const consumer = await open(streams, { lastEventId: 8n, types: null });
      await commit([userCreated(16)]);
      expect(await settle(consumer, 9)).toEqual(['opening 8', ...range(9, 15).map((n) => `replay ${n} user.created`), 'live 16 user.created']);
      expect(counted.queries).toBe(0);
      expect(encoder.encoded - encodedBefore).toBe(1);
    });

    it('reads the head once for a wave of 100 resumes that need the log', async () => {
      const { streams, counted } = await setup(usersCreated(1, 20));
      const wave = await Promise.all(range(1, 100).map((index) => open(streams, { lastEventId: BigInt(index % 2 === 0 ? 5 : 50), types: null })));
      for (const consumer of wave) await eventually(() => consumer.received.length >= 2);
      expect(counted.heads).toBeLessThanOrEqual(2);
    });

    it('reads a replay 10,000 behind in pages while events are published, with no gap and no duplicate', async () => {
      const { streams, counted } = await setup(usersCreated(1, 10_000));
      const consumer = await open(streams, { lastEventId: 0n, types: null });
      for (let n = 10_001; n <= 10_200; n += 2) {
        for (const recorded of (await log.append([userCreated(n), userCreated(n + 1)])).reverse()) broker.publish(recorded);
        await sleep(0);
      }
      await eventually(() => consumer.positions.at(-1) === 10_200, 5000);
      expect(consumer.positions).toEqual(range(1, 10_200));
      expect(counted.widestRead).toBeLessThanOrEqual(1000);
    });

    it('shares the pages between streams that replay the same stretch together', async () => {
      const { streams, counted, encoder } = await setup(usersCreated(1, 5000));
      const encodedBefore = encoder.encoded;
      const wave = await Promise.all(range(1, 20).map(() => open(streams, { lastEventId: 0n, types: null })));
      for (const consumer of wave) await eventually(() => consumer.positions.length === 5000, 5000);
      expect(counted.ranges.length).toBeLessThanOrEqual(5000 / 500 + 2);
      expect(encoder.encoded - encodedBefore).toBeLessThanOrEqual(5000 + 1000);
    });
  });

  it('stops sending once unsubscribed', async () => {
    const { streams } = await setup(usersCreated(1, 2));
    const consumer = await open(streams, { lastEventId: null, types: null });
    await eventually(() => consumer.received.length === 1);
    consumer.unsubscribe();
    await commit([userCreated(3)]);
    await sleep(10);
    expect(consumer.received).toEqual(['opening 2']);
  });
});
