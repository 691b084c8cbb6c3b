import { appConfig } from '../../../test/support/app-config.js';
import type { EncodedEvent } from './ports/event-encoder.js';
import { RecentEvents } from './recent-events.js';
import type { LiveEvent } from './stream-item.js';

const encoded = (position: number, bytes: number): EncodedEvent => ({ position, type: 'user.created', bytes, as: () => encoded(position, bytes) });
const live = (position: number, bytes = 100): LiveEvent => ({ kind: 'live', event: encoded(position, bytes) });
const held = (recent: RecentEvents, from: number, to: number): (EncodedEvent | null)[] =>
  Array.from({ length: to - from + 1 }, (_, index) => (recent.holds(from + index) ? recent.at(from + index) : null));

describe('RecentEvents', () => {
  it('holds the events the feed added, from the first it saw to the newest', () => {
    const recent = new RecentEvents(appConfig().sse);
    for (let position = 41; position <= 45; position += 1) recent.add(live(position));
    expect(held(recent, 40, 46).map((event) => event?.position ?? null)).toEqual([null, 41, 42, 43, 44, 45, null]);
    expect(recent.newestPosition).toBe(45);
  });

  it('keeps no more events than SSE_REPLAY_LIMIT, so that what it holds is always retained', () => {
    const recent = new RecentEvents(appConfig({ SSE_REPLAY_LIMIT: 3 }).sse);
    for (let position = 1; position <= 10; position += 1) recent.add(live(position));
    expect(held(recent, 7, 10).map((event) => event?.position ?? null)).toEqual([null, 8, 9, 10]);
  });

  it('lets the oldest go past its byte bound, keeping at least the newest', () => {
    const recent = new RecentEvents(appConfig().sse);
    for (let position = 1; position <= 4; position += 1) recent.add(live(position, 1024 * 1024));
    recent.add(live(5, 3 * 1024 * 1024));
    expect(held(recent, 1, 5).map((event) => event?.position ?? null)).toEqual([null, null, null, null, 5]);
  });

  it('starts over at an event that does not follow the newest', () => {
    const recent = new RecentEvents(appConfig().sse);
    for (const position of [1, 2, 3, 7]) recent.add(live(position));
    expect(held(recent, 1, 7).map((event) => event?.position ?? null)).toEqual([null, null, null, null, null, null, 7]);
  });
});
