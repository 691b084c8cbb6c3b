import { setImmediate as nextTurn } from 'node:timers/promises';
import { ReplayTurns } from './replay-turns.js';

describe('ReplayTurns', () => {
  it('runs the tasks in a later turn, in order, for a few milliseconds of each turn', async () => {
    const turns = new ReplayTurns();
    const ran: number[] = [];
    const busy = (ms: number) => {
      for (const until = performance.now() + ms; performance.now() < until; );
    };
    for (let task = 0; task < 40; task += 1) turns.take(() => (busy(1), ran.push(task)));
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.length).toBeLessThan(40);
    while (ran.length < 40) await nextTurn();
    expect(ran).toEqual(Array.from({ length: 40 }, (_, index) => index));
  });
});
