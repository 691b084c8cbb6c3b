import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import { CountingEventEncoder } from '../../../test/support/counting-event-encoder.js';
import { CountingEventLog } from '../../../test/support/counting-event-log.js';
import { usersCreated } from '../../../test/support/user-events.js';
import { ReplayPages } from './replay-pages.js';

describe('ReplayPages', () => {
  async function setup(events: number) {
    const log = new InMemoryEventLog();
    await log.append(usersCreated(1, events));
    const counted = new CountingEventLog(log);
    const encoder = new CountingEventEncoder();
    return { log, counted, encoder, pages: new ReplayPages(counted, encoder) };
  }

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
});
