import { setTimeout as sleep } from 'node:timers/promises';
import type { Subscription } from 'rxjs';
import type { DomainEvent } from '../../shared/domain/domain-event.js';
import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import { UserDeleted } from '../../users/domain/user.events.js';
import { appConfig } from '../../../test/support/app-config.js';
import { eventually } from '../../../test/support/eventually.js';
import { SlowEventLog } from '../../../test/support/slow-event-log.js';
import { userCreated, usersCreated } from '../../../test/support/user-events.js';
import { InProcessEventBroker } from '../infrastructure/in-process-event-broker.js';
import { type StreamRequest, EventStreams } from './event-streams.js';
import { OrderedEventFeed } from './ordered-event-feed.js';
import type { StreamItem } from './stream-item.js';

const describeItem = (item: StreamItem): string => {
  if (item.kind === 'opening') return `opening ${item.position}`;
  if (item.kind === 'reset') return `reset ${item.lastEventId}->${item.resumeFrom}`;
  return `${item.live ? 'live' : 'replay'} ${item.event.position} ${item.event.type}`;
};

describe('EventStreams', () => {
  let log: InMemoryEventLog;
  let broker: InProcessEventBroker;
  let feed: OrderedEventFeed;
  const subscriptions: Subscription[] = [];

  async function setup(existing: readonly DomainEvent[], replayLimit = 10_000, slow = false) {
    log = new InMemoryEventLog();
    broker = new InProcessEventBroker();
    await log.append(existing);
    feed = new OrderedEventFeed(log, broker);
    await feed.onModuleInit();
    return new EventStreams(slow ? new SlowEventLog(log) : log, feed, appConfig({ SSE_REPLAY_LIMIT: replayLimit }));
  }

  async function commit(events: readonly DomainEvent[]): Promise<void> {
    for (const recorded of await log.append(events)) broker.publish(recorded);
  }

  function open(streams: EventStreams, request: StreamRequest): StreamItem[] {
    const items: StreamItem[] = [];
    subscriptions.push(streams.open(request).subscribe((item) => items.push(item)));
    return items;
  }

  /** Waits for the count, then a little longer, so that an extra item would show. */
  async function settle(items: readonly StreamItem[], count: number): Promise<string[]> {
    await eventually(() => items.length >= count);
    await sleep(10);
    return items.map(describeItem);
  }

  afterEach(() => {
    for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    feed.onModuleDestroy();
  });

  it('opens a fresh stream at the head and then sends only live events', async () => {
    const streams = await setup(usersCreated(1, 3));
    const items = open(streams, { lastEventId: null, types: null });
    await eventually(() => items.length === 1);
    await commit(usersCreated(4, 2));
    expect(await settle(items, 3)).toEqual(['opening 3', 'live 4 user.created', 'live 5 user.created']);
  });

  it('opens a fresh stream on an empty log at 0', async () => {
    const items = open(await setup([]), { lastEventId: null, types: null });
    expect(await settle(items, 1)).toEqual(['opening 0']);
  });

  it('replays N+1 to the head after Last-Event-ID N, then goes live', async () => {
    const streams = await setup(usersCreated(1, 5));
    const items = open(streams, { lastEventId: 2n, types: null });
    await eventually(() => items.length === 4);
    await commit([userCreated(6)]);
    expect(await settle(items, 5)).toEqual([
      'opening 2',
      'replay 3 user.created',
      'replay 4 user.created',
      'replay 5 user.created',
      'live 6 user.created',
    ]);
  });

  it('replays nothing when resumed from the head', async () => {
    const items = open(await setup(usersCreated(1, 5)), { lastEventId: 5n, types: null });
    expect(await settle(items, 1)).toEqual(['opening 5']);
  });

  it.each([null, 0n, 20n, 45n])(
    'hands over from the log to live with no gap and no duplicate while events keep coming (Last-Event-ID %p)',
    async (lastEventId) => {
      const streams = await setup(usersCreated(1, 40), 10_000, true);
      let items: StreamItem[] = [];
      const lastPosition = () => {
        const item = items.at(-1);
        return item?.kind === 'event' ? item.event.position : 0;
      };
      // Pairs commit together and publish in reverse, as two racing commits may.
      for (let n = 41; n <= 120; n += 2) {
        if (n === 51) items = open(streams, { lastEventId, types: null });
        for (const recorded of (await log.append([userCreated(n), userCreated(n + 1)])).reverse()) broker.publish(recorded);
        await sleep(n % 3 === 0 ? 1 : 0);
      }
      await eventually(() => lastPosition() === 120);
      const [opening, ...rest] = items;
      expect(opening?.kind).toBe('opening');
      const start = opening?.kind === 'opening' ? opening.position : -1;
      if (lastEventId !== null) expect(start).toBe(Number(lastEventId));
      const positions = rest.map((item) => (item.kind === 'event' ? item.event.position : -1));
      expect(positions).toEqual(Array.from({ length: 120 - start }, (_, index) => start + 1 + index));
      expect(rest.some((item) => item.kind === 'event' && item.live)).toBe(true);
    },
  );

  it('sends only the requested types, replayed and live', async () => {
    const streams = await setup([userCreated(1), new UserDeleted(userCreated(1).aggregateId, new Date(0), { email: 'user1@example.com' })]);
    const items = open(streams, { lastEventId: 0n, types: new Set(['user.deleted']) });
    await eventually(() => items.length === 2);
    await commit([userCreated(2), new UserDeleted(userCreated(2).aggregateId, new Date(0), { email: 'user2@example.com' })]);
    expect(await settle(items, 3)).toEqual(['opening 0', 'replay 2 user.deleted', 'live 4 user.deleted']);
  });

  it('resets to just before the oldest retained event when N is older than the window', async () => {
    const streams = await setup(usersCreated(1, 10), 3);
    const items = open(streams, { lastEventId: 2n, types: null });
    expect(await settle(items, 5)).toEqual([
      'opening 2',
      'reset 2->7',
      'replay 8 user.created',
      'replay 9 user.created',
      'replay 10 user.created',
    ]);
  });

  it('resumes without a reset from exactly the oldest retained position', async () => {
    const items = open(await setup(usersCreated(1, 10), 3), { lastEventId: 7n, types: null });
    expect(await settle(items, 4)).toEqual(['opening 7', 'replay 8 user.created', 'replay 9 user.created', 'replay 10 user.created']);
  });

  it('resets to the head when N is newer than the head, then goes live', async () => {
    const streams = await setup(usersCreated(1, 10));
    const items = open(streams, { lastEventId: 15n, types: null });
    await eventually(() => items.length === 2);
    await commit([userCreated(11)]);
    expect(await settle(items, 3)).toEqual(['opening 10', 'reset 15->10', 'live 11 user.created']);
  });

  it('resets to the head for an id past every safe integer, naming it exactly', async () => {
    const items = open(await setup(usersCreated(1, 10)), { lastEventId: 9_007_199_254_740_993n, types: null });
    expect(await settle(items, 2)).toEqual(['opening 10', 'reset 9007199254740993->10']);
  });

  it('sends the reset whatever the types filter', async () => {
    const streams = await setup(usersCreated(1, 10), 3);
    const items = open(streams, { lastEventId: 2n, types: new Set(['user.deleted']) });
    expect(await settle(items, 2)).toEqual(['opening 2', 'reset 2->7']);
  });

  it('stops sending once unsubscribed', async () => {
    const streams = await setup(usersCreated(1, 2));
    const items = open(streams, { lastEventId: null, types: null });
    await eventually(() => items.length === 1);
    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    await commit([userCreated(3)]);
    await sleep(10);
    expect(items.map(describeItem)).toEqual(['opening 2']);
  });
});
