import type { HeraldEvent } from './herald-stream.js';
import { RecentEvents } from './recent-events.js';

const event = (id: number): HeraldEvent => ({ id, type: 'user.created', data: {} });
const ids = (held: HeraldEvent[] | null): number[] | null => held && held.map(({ id }) => id);

describe('RecentEvents', () => {
  it('covers every id from its floor on', () => {
    const recent = new RecentEvents(10, 5);
    for (const id of [11, 12, 14]) recent.add(event(id));

    expect(ids(recent.after(10))).toEqual([11, 12, 14]);
    expect(ids(recent.after(12))).toEqual([14]);
    expect(ids(recent.after(20))).toEqual([]);
    expect(recent.after(9)).toBeNull();
  });

  it('forgets the oldest past its capacity, and no longer covers what came before them', () => {
    const recent = new RecentEvents(0, 3);
    for (const id of [1, 2, 3, 4, 5]) recent.add(event(id));

    expect(recent.floor).toBe(2);
    expect(ids(recent.after(2))).toEqual([3, 4, 5]);
    expect(recent.after(1)).toBeNull();
  });

  it('starts over from a new floor', () => {
    const recent = new RecentEvents(0, 3);
    recent.add(event(1));
    recent.startOver(40);

    expect(ids(recent.after(40))).toEqual([]);
    expect(recent.after(39)).toBeNull();
  });
});
