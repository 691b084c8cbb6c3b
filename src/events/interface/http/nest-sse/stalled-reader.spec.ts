import { setTimeout as sleep } from 'node:timers/promises';
import { type Observable, type Subscription, tap } from 'rxjs';
import { InMemoryEventLog } from '../../../../shared/infrastructure/in-memory-event-log.js';
import { startStreams } from '../../../../../test/support/event-streams.js';
import { appConfig } from '../../../../../test/support/app-config.js';
import { CountingStreamMetrics } from '../../../../../test/support/counting-stream-metrics.js';
import { FakeOutlet } from '../../../../../test/support/fake-outlet.js';
import { userCreated, usersCreated } from '../../../../../test/support/user-events.js';
import type { OrderedEventFeed } from '../../../application/ordered-event-feed.js';
import type { StreamItem } from '../../../application/stream-item.js';
import { InProcessEventBroker } from '../../../infrastructure/in-process-event-broker.js';
import { toSseMessages } from './sse-connection.js';
import { SseEventEncoder } from '../sse-event-encoder.js';
import { eventMessage } from '../sse-message.js';

const BEHIND = 10_000;
const MAX_BUFFER_BYTES = 1_048_576;

/** The bytes of the events an item brings to the connection. */
const eventBytes = (item: StreamItem): number =>
  item.kind === 'live' ? item.event.bytes : item.kind === 'replay' ? item.events.reduce((sum, event) => sum + event.bytes, 0) : 0;

describe('a reader that stalls 10,000 events behind', () => {
  let feed: OrderedEventFeed;
  let subscription: Subscription;

  afterEach(() => {
    subscription?.unsubscribe();
    feed?.onModuleDestroy();
  });

  it('is never held more than SSE_MAX_BUFFER_BYTES, replayed bytes counted, and is cut at the cap once live events come', async () => {
    const log = new InMemoryEventLog();
    const broker = new InProcessEventBroker();
    await log.append(usersCreated(1, BEHIND));
    const started = await startStreams({ log, broker, encoder: new SseEventEncoder(), config: appConfig() });
    feed = started.feed;
    const outlet = new FakeOutlet();
    outlet.stall();
    const metrics = new CountingStreamMetrics();

    // What reached the connection and is still in this process: the client takes nothing.
    let held = 0;
    let largest = 0;
    const items: Observable<StreamItem> = (await started.streams.open({ lastEventId: 0n, types: null })).pipe(
      tap((item) => {
        held += eventBytes(item);
        largest = Math.max(largest, held);
      }),
    );
    subscription = toSseMessages(items, { outlet, metrics, heartbeatMs: 60_000, retryMs: 3000, maxBufferBytes: MAX_BUFFER_BYTES }).subscribe();
    await sleep(50);
    const heldWhileReplaying = held;

    let live = 0;
    for (let position = BEHIND + 1; outlet.cuts === 0 && live < 2 * BEHIND; position += 1, live += 1) {
      for (const recorded of await log.append([userCreated(position)])) broker.publish(recorded);
    }
    const oneEvent = eventMessage((await log.readRange(BEHIND, BEHIND + 1))[0]!).bytes;
    console.log(
      `stalled ${BEHIND} behind: held ${heldWhileReplaying} bytes while replaying, at most ${largest} bytes, cut after ${live} live events (cap ${MAX_BUFFER_BYTES})`,
    );

    expect(heldWhileReplaying).toBeLessThanOrEqual(MAX_BUFFER_BYTES);
    expect(largest).toBeLessThanOrEqual(MAX_BUFFER_BYTES + oneEvent);
    expect({ cuts: outlet.cuts, dropped: metrics.dropped }).toEqual({ cuts: 1, dropped: 1 });
    // Cut when the bytes held passed the cap, replayed ones included: not a live event later.
    expect(largest).toBeGreaterThan(MAX_BUFFER_BYTES - oneEvent);
  });
});
