import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import { UserDeleted, USER_PERSONAL_FIELDS } from '../../users/domain/user.events.js';
import { appConfig } from '../../../test/support/app-config.js';
import { CountingEventEncoder } from '../../../test/support/counting-event-encoder.js';
import { CountingEventLog } from '../../../test/support/counting-event-log.js';
import { userCreated, usersCreated } from '../../../test/support/user-events.js';
import { InProcessEventBroker } from '../infrastructure/in-process-event-broker.js';
import { OrderedEventFeed } from './ordered-event-feed.js';
import { RecentEvents } from './recent-events.js';
import { ReplayPages } from './replay-pages.js';

describe('ReplayPages', () => {
  let feed: OrderedEventFeed;

  async function setup(events: number) {
    const log = new InMemoryEventLog();
    await log.append(usersCreated(1, events));
    const counted = new CountingEventLog(log);
    const encoder = new CountingEventEncoder();
    const broker = new InProcessEventBroker();
    feed = new OrderedEventFeed(log, broker, encoder, new RecentEvents(appConfig().sse));
    await feed.onModuleInit();
    return { log, broker, counted, encoder, pages: new ReplayPages(counted, encoder, feed) };
  }

  afterEach(() => feed.onModuleDestroy());

  const positions = (events: readonly { position: number }[]) => [events[0]?.position, events.at(-1)?.position, events.length];

  it('answers the aligned page of 500 that holds the next position', async () => {
    const { pages, counted } = await setup(1200);
    expect(positions(await pages.after(0))).toEqual([1, 500, 500]);
    expect(positions(await pages.after(742))).toEqual([501, 1000, 500]);
    expect(positions(await pages.after(1000))).toEqual([1001, 1200, 200]);
    expect(counted.ranges).toEqual([
      { after: 0, upTo: 500 },
      { after: 500, upTo: 1000 },
      { after: 1000, upTo: 1500 },
    ]);
  });

  it('reads and encodes a page once for every stream that needs it at about the same time', async () => {
    const { pages, counted, encoder } = await setup(1000);
    const pagesRead = await Promise.all(Array.from({ length: 30 }, (_, index) => pages.after(500 + index)));
    expect(new Set(pagesRead).size).toBe(1);
    expect({ reads: counted.ranges.length, encoded: encoder.encoded }).toEqual({ reads: 1, encoded: 500 });
    await pages.after(999);
    expect(counted.ranges.length).toBe(1);
  });

  it('reads a page that was not full again once newer events are asked for', async () => {
    const { log, pages, counted } = await setup(10);
    expect(positions(await pages.after(3))).toEqual([1, 10, 10]);
    await log.append(usersCreated(11, 5));
    expect(positions(await pages.after(10))).toEqual([1, 15, 15]);
    expect(counted.ranges.length).toBe(2);
  });

  it('keeps the pages a wave goes through, so that streams far apart in it read each page once', async () => {
    const { pages, counted } = await setup(10_000);
    for (let round = 0; round < 3; round += 1) for (let after = 0; after < 10_000; after += 500) await pages.after(after);
    expect(counted.ranges.length).toBe(20);
  });

  it('reads its pages again after a deletion comes through the feed: they may hold the email the log erased', async () => {
    const { log, broker, pages, counted } = await setup(1000);
    await pages.after(0);
    await log.erase(userCreated(1).aggregateId, USER_PERSONAL_FIELDS);
    for (const recorded of await log.append([new UserDeleted(userCreated(1).aggregateId, new Date(0), {})])) broker.publish(recorded);

    expect(positions(await pages.after(0))).toEqual([1, 500, 500]);
    expect(counted.ranges.length).toBe(2);
  });
});
