import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import { appConfig } from '../../../test/support/app-config.js';
import { CountingEventEncoder } from '../../../test/support/counting-event-encoder.js';
import { eventually } from '../../../test/support/eventually.js';
import { usersCreated } from '../../../test/support/user-events.js';
import { InProcessEventBroker } from '../infrastructure/in-process-event-broker.js';
import { OrderedEventFeed } from './ordered-event-feed.js';
import { RecentEvents } from './recent-events.js';

describe('OrderedEventFeed', () => {
  let log: InMemoryEventLog;
  let broker: InProcessEventBroker;
  let feed: OrderedEventFeed;
  let recent: RecentEvents;
  let encoder: CountingEventEncoder;
  let received: number[];
  let completed: boolean;

  /** Starts the feed over a log that already holds `existing` events, and appends `added` more without publishing them. */
  async function start(existing: number, added: number): Promise<RecordedEvent[]> {
    log = new InMemoryEventLog();
    broker = new InProcessEventBroker();
    await log.append(usersCreated(1, existing));
    encoder = new CountingEventEncoder();
    recent = new RecentEvents(appConfig().sse);
    feed = new OrderedEventFeed(log, broker, encoder, recent);
    received = [];
    completed = false;
    feed.events$.subscribe({ next: ({ event }) => received.push(event.position), complete: () => (completed = true) });
    await feed.onModuleInit();
    return log.append(usersCreated(existing + 1, added));
  }

  afterEach(() => feed.onModuleDestroy());

  it('starts after the head of the log, without replaying what is already there', async () => {
    const [fifth] = await start(4, 1);
    expect(feed.position).toBe(4);
    broker.publish(fifth!);
    expect(received).toEqual([5]);
    expect(feed.position).toBe(5);
  });

  it('puts events published out of order, 6 before 5, back in order', async () => {
    const [fifth, sixth] = await start(4, 2);
    broker.publish(sixth!);
    expect(received).toEqual([]);
    broker.publish(fifth!);
    expect(received).toEqual([5, 6]);
  });

  it('fills a gap that is never published from the log', async () => {
    const [, sixth, seventh] = await start(4, 3);
    broker.publish(seventh!);
    broker.publish(sixth!);
    await eventually(() => received.length === 3, 200); // well before the 1 s poll: the publish itself triggers the catch-up
    expect(received).toEqual([5, 6, 7]);
  });

  it('drops duplicates, whether already delivered or still waiting', async () => {
    const [fifth, sixth, seventh] = await start(4, 3);
    for (const event of [fifth, fifth, seventh, seventh, sixth, fifth, sixth, seventh]) broker.publish(event!);
    expect(received).toEqual([5, 6, 7]);
  });

  it('drops events at or below the head it started from', async () => {
    const [third] = await start(2, 1);
    for (const event of await log.readRange(0, 2)) broker.publish(event);
    broker.publish(third!);
    expect(received).toEqual([3]);
  });

  it('encodes each event once, keeps it in the window of recent events and hands every subscriber that one', async () => {
    const [fifth] = await start(4, 1);
    const seen: unknown[] = [];
    for (let subscriber = 0; subscriber < 3; subscriber += 1) feed.events$.subscribe(({ event }) => seen.push(event));
    broker.publish(fifth!);
    expect(encoder.encoded).toBe(1);
    expect(new Set(seen).size).toBe(1);
    expect(recent.holds(5) && recent.at(5)).toBe(seen[0]);
  });

  it('stops delivering when destroyed, but leaves ending the streams to the shutdown', async () => {
    const [fifth] = await start(4, 1);
    feed.onModuleDestroy();
    broker.publish(fifth!);
    expect(received).toEqual([]);
    expect(completed).toBe(false);
  });
});
