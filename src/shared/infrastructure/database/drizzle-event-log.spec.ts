import { DomainEvent } from '../../domain/domain-event.js';
import type { Drizzle } from './database.js';
import { DrizzleEventLog } from './drizzle-event-log.js';

class SomethingHappened extends DomainEvent {
  readonly type = 'something.happened';
}

const event = new SomethingHappened('00000000-0000-4000-8000-000000000001', new Date('2026-11-24T19:00:00.000Z'), {});

/** A Drizzle handle whose raw queries all answer `result`: the driver shapes this adapter must not guess around. */
const answering = (result: unknown): Drizzle => ({ execute: async () => result }) as unknown as Drizzle;

describe('DrizzleEventLog.append', () => {
  it('hands out the positions the insert returned', async () => {
    const log = new DrizzleEventLog(answering({ rows: [{ position: '7' }, { position: '8' }] }));
    expect((await log.append([event, event])).map((recorded) => recorded.position)).toEqual([7, 8]);
  });

  it.each([
    ['a result without rows', { rowCount: 1 }],
    ['rows that are not a list', { rows: 'position 1' }],
  ])('throws on %s instead of taking it for an empty insert', async (_, result) => {
    await expect(new DrizzleEventLog(answering(result)).append([event])).rejects.toThrow(/driver/);
  });

  it('throws when fewer rows come back than events went in, instead of handing out Infinity as a position', async () => {
    await expect(new DrizzleEventLog(answering({ rows: [] })).append([event])).rejects.toThrow(/0 of 1/);
  });
});
