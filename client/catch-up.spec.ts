import { CatchUp } from './catch-up.js';
import { DeliveryCursor } from './delivery-cursor.js';
import type { HeraldEvent } from './herald-stream.js';

const event = (id: number): HeraldEvent => ({ id, type: 'user.created', data: { n: id } });
const events = (...ids: number[]): HeraldEvent[] => ids.map(event);

function followerAt(last: number) {
  const cursor = new DeliveryCursor(last);
  const delivered: number[] = [];
  const catchUp = new CatchUp((offered) => {
    if (cursor.accept(offered)) delivered.push(offered.id);
  });
  return { catchUp, delivered, cursor };
}

describe('CatchUp', () => {
  it('holds live events until the history comes, then delivers both merged by id, each once', () => {
    const { catchUp, delivered } = followerAt(4);
    catchUp.awaitHistory();
    catchUp.live(event(9));
    catchUp.live(event(10));

    expect(delivered).toEqual([]);
    catchUp.history(events(5, 6, 7, 8, 9));
    catchUp.live(event(11));

    expect(delivered).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it('drops what the tab delivered already, in the history and in the held events', () => {
    const { catchUp, delivered } = followerAt(7);
    catchUp.awaitHistory();
    catchUp.live(event(6));
    catchUp.live(event(8));

    catchUp.history(events(3, 4, 7, 8));

    expect(delivered).toEqual([8]);
  });

  it('delivers live events at once when no history is awaited', () => {
    const { catchUp, delivered } = followerAt(0);
    catchUp.live(event(1));
    catchUp.live(event(1));
    catchUp.live(event(2));

    expect(delivered).toEqual([1, 2]);
    expect(catchUp.waiting).toBe(false);
  });

  it('keeps what it held for an earlier hello when the tab says hello again', () => {
    const { catchUp, delivered } = followerAt(2);
    catchUp.awaitHistory();
    catchUp.live(event(5));
    catchUp.awaitHistory();
    catchUp.live(event(6));

    catchUp.history(events(3, 4));

    expect(delivered).toEqual([3, 4, 5, 6]);
  });

  it('lets go of what it held when abandoned, and goes on live', () => {
    const { catchUp, delivered } = followerAt(2);
    catchUp.awaitHistory();
    catchUp.live(event(5));
    catchUp.abandon();
    catchUp.live(event(6));

    expect(delivered).toEqual([6]);
  });
});

describe('DeliveryCursor', () => {
  it('accepts only ids past the last one, and moves back when told', () => {
    const cursor = new DeliveryCursor(3);
    expect([event(3), event(4), event(4), event(2), event(6)].map((offered) => cursor.accept(offered))).toEqual([false, true, false, false, true]);
    cursor.moveTo(1);
    expect(cursor.accept(event(2))).toBe(true);
    expect(cursor.last).toBe(2);
  });
});
