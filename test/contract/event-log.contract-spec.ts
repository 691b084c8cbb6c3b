import { sql } from 'drizzle-orm';
import { RecordedEvent } from '../../src/shared/application/recorded-event.js';
import { Email } from '../../src/users/domain/email.js';
import { UserName } from '../../src/users/domain/user-name.js';
import { User } from '../../src/users/domain/user.js';
import { adapterFixtures, describeEachAdapter, sqlAdapterFixtures, useAdapters } from '../support/adapters.js';

const ANN = '00000000-0000-4000-8000-000000000001';
const BOB = '00000000-0000-4000-8000-000000000002';
const CREATED_AT = new Date('2026-11-24T19:00:00.123Z');
const RENAMED_AT = new Date('2026-11-24T19:05:00.456Z');

/** A fixed UUID per number: 1 → 00000000-0000-4000-8000-000000000001. */
const idOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const register = (id: string, email: string, name: string): User =>
  User.register(id, Email.parse(email), UserName.parse(name), CREATED_AT);

describeEachAdapter(adapterFixtures, 'EventLog on $name', (fixture) => {
  const store = useAdapters(fixture);

  const appendCreatedEvents = async (count: number) => {
    for (let n = 1; n <= count; n++) {
      const events = register(idOf(n), `user${n}@example.com`, `User ${n}`).pullEvents();
      await store().unitOfWork.run((tx) => tx.eventLog.append(events));
    }
  };

  it('has head 0 and reads nothing while empty', async () => {
    expect(await store().eventLog.head()).toBe(0);
    expect(await store().eventLog.readRange(0, 10)).toEqual([]);
  });

  it('gives appended events positions 1 to n in order and reads back their type, aggregate, time and payload', async () => {
    const ann = register(ANN, 'ann@example.com', 'Ann');
    ann.rename(UserName.parse('Ann Lée'), RENAMED_AT);
    const bob = register(BOB, 'bob@example.com', 'Bob');
    const expected = [
      new RecordedEvent(1, 'user.created', ANN, CREATED_AT, { email: 'ann@example.com', name: 'Ann' }),
      new RecordedEvent(2, 'user.renamed', ANN, RENAMED_AT, { name: 'Ann Lée', previousName: 'Ann' }),
      new RecordedEvent(3, 'user.created', BOB, CREATED_AT, { email: 'bob@example.com', name: 'Bob' }),
    ];

    const [annEvents, bobEvents] = [ann.pullEvents(), bob.pullEvents()];
    const first = await store().unitOfWork.run((tx) => tx.eventLog.append(annEvents));
    const second = await store().unitOfWork.run((tx) => tx.eventLog.append(bobEvents));

    expect([...first, ...second]).toStrictEqual(expected);
    expect(await store().eventLog.readRange(0, 3)).toStrictEqual(expected);
    expect(await store().eventLog.head()).toBe(3);
  });

  it('records nothing and keeps its head when handed no events', async () => {
    await appendCreatedEvents(1);

    expect(await store().unitOfWork.run((tx) => tx.eventLog.append([]))).toEqual([]);
    expect(await store().eventLog.head()).toBe(1);
  });

  it.each([
    { after: 0, upTo: 5, positions: [1, 2, 3, 4, 5] },
    { after: 1, upTo: 3, positions: [2, 3] },
    { after: 2, upTo: 3, positions: [3] },
    { after: 3, upTo: 3, positions: [] },
    { after: 4, upTo: 5, positions: [5] },
    { after: 5, upTo: 5, positions: [] },
    { after: 3, upTo: 10, positions: [4, 5] },
    { after: 4, upTo: 2, positions: [] },
    { after: 0, upTo: 0, positions: [] },
  ])('reads exactly the positions after $after up to and including $upTo', async ({ after, upTo, positions }) => {
    await appendCreatedEvents(5);

    const events = await store().eventLog.readRange(after, upTo);

    expect(events.map((event) => event.position)).toEqual(positions);
    expect(events.map((event) => event.aggregateId)).toEqual(positions.map(idOf));
  });

  it('gives 50 concurrent units of work positions 1 to 50 with no gap or duplicate', async () => {
    const events = Array.from({ length: 50 }, (_, index) =>
      register(idOf(index + 1), `user${index + 1}@example.com`, `User ${index + 1}`).pullEvents(),
    );

    const returned = (await Promise.all(events.map((each) => store().unitOfWork.run((tx) => tx.eventLog.append(each))))).flat();

    const positions = Array.from({ length: 50 }, (_, index) => index + 1);
    expect(returned.map((event) => event.position).sort((a, b) => a - b)).toEqual(positions);
    const read = await store().eventLog.readRange(0, 50);
    expect(read.map((event) => event.position)).toEqual(positions);
    expect(read).toStrictEqual([...returned].sort((a, b) => a.position - b.position));
    expect(new Set(read.map((event) => event.aggregateId)).size).toBe(50);
    expect(await store().eventLog.head()).toBe(50);
  });

  it('gives 10 concurrent appends outside any unit of work positions 1 to 10', async () => {
    const users = Array.from({ length: 10 }, (_, index) => register(idOf(index + 1), `user${index + 1}@example.com`, `U${index + 1}`));

    await Promise.all(users.map((user) => store().eventLog.append(user.pullEvents())));

    const read = await store().eventLog.readRange(0, 10);
    expect(read.map((event) => event.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('shows a unit of work its own appends before they commit, and no one else', async () => {
    const events = register(idOf(1), 'user1@example.com', 'User 1').pullEvents();
    const seen = await store().unitOfWork.run(async (tx) => {
      await tx.eventLog.append(events);
      return { head: await tx.eventLog.head(), read: (await tx.eventLog.readRange(0, 5)).length };
    });
    expect(seen).toEqual({ head: 1, read: 1 });
  });

  describe('erase', () => {
    const ANN_CREATED = new RecordedEvent(1, 'user.created', ANN, CREATED_AT, { email: 'ann@example.com', name: 'Ann' });
    const ANN_RENAMED = new RecordedEvent(2, 'user.renamed', ANN, RENAMED_AT, { name: 'Ann Lée', previousName: 'Ann' });
    const BOB_CREATED = new RecordedEvent(3, 'user.created', BOB, CREATED_AT, { email: 'bob@example.com', name: 'Bob' });
    const ANN_CREATED_ERASED = new RecordedEvent(1, 'user.created', ANN, CREATED_AT, { name: 'Ann' });

    const annEvents = () => {
      const ann = register(ANN, 'ann@example.com', 'Ann');
      ann.rename(UserName.parse('Ann Lée'), RENAMED_AT);
      return ann.pullEvents();
    };
    const bobEvents = () => register(BOB, 'bob@example.com', 'Bob').pullEvents();

    const appendHistory = async () => {
      const [ann, bob] = [annEvents(), bobEvents()];
      await store().unitOfWork.run((tx) => tx.eventLog.append(ann));
      await store().unitOfWork.run((tx) => tx.eventLog.append(bob));
    };

    it("removes the fields from the aggregate's events, keeping their positions, types, times and other fields, and no one else's", async () => {
      await appendHistory();

      await store().unitOfWork.run((tx) => tx.eventLog.erase(ANN, ['email']));

      expect(await store().eventLog.readRange(0, 10)).toStrictEqual([ANN_CREATED_ERASED, ANN_RENAMED, BOB_CREATED]);
      expect(await store().eventLog.head()).toBe(3);
    });

    it('removes several fields at once, each from the events that have it', async () => {
      await appendHistory();

      await store().unitOfWork.run((tx) => tx.eventLog.erase(ANN, ['email', 'previousName', 'absent']));

      expect(await store().eventLog.readRange(0, 2)).toStrictEqual([
        ANN_CREATED_ERASED,
        new RecordedEvent(2, 'user.renamed', ANN, RENAMED_AT, { name: 'Ann Lée' }),
      ]);
    });

    it('reaches the events its own unit of work appended before it, and shows that unit the result', async () => {
      const events = annEvents();

      const seen = await store().unitOfWork.run(async (tx) => {
        await tx.eventLog.append(events);
        await tx.eventLog.erase(ANN, ['email']);
        return tx.eventLog.readRange(0, 1);
      });

      expect(seen).toStrictEqual([ANN_CREATED_ERASED]);
      expect(await store().eventLog.readRange(0, 2)).toStrictEqual([ANN_CREATED_ERASED, ANN_RENAMED]);
    });

    it('erases nothing when its unit of work fails, and the events stay as they were', async () => {
      await appendHistory();
      const failure = new Error('failed after erasing');

      await expect(
        store().unitOfWork.run(async (tx) => {
          await tx.eventLog.erase(ANN, ['email']);
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await store().eventLog.readRange(0, 10)).toStrictEqual([ANN_CREATED, ANN_RENAMED, BOB_CREATED]);
    });

    // Handed over in one turn of the event loop, concurrent units of work may share a transaction and its one event write.
    it('reaches the events of a concurrent unit of work handed in before it', async () => {
      const [ann, bob] = [annEvents(), bobEvents()];

      await Promise.all([
        store().unitOfWork.run((tx) => tx.eventLog.append(ann)),
        store().unitOfWork.run((tx) => tx.eventLog.erase(ANN, ['email'])),
        store().unitOfWork.run((tx) => tx.eventLog.append(bob)),
      ]);

      expect(await store().eventLog.readRange(0, 10)).toStrictEqual([ANN_CREATED_ERASED, ANN_RENAMED, BOB_CREATED]);
    });

    const failingErase = (id: string, failure: Error) =>
      store().unitOfWork.run(async (tx) => {
        await tx.eventLog.erase(id, ['email']);
        throw failure;
      });

    it('erases nothing when its unit fails among concurrent ones, which commit', async () => {
      await store().unitOfWork.run((tx) => tx.eventLog.append(annEvents()));
      const bob = bobEvents();
      const failure = new Error('failed after erasing');

      const outcomes = await Promise.allSettled([store().unitOfWork.run((tx) => tx.eventLog.append(bob)), failingErase(ANN, failure)]);

      expect(outcomes).toEqual([expect.objectContaining({ status: 'fulfilled' }), { status: 'rejected', reason: failure }]);
      expect(await store().eventLog.readRange(0, 10)).toStrictEqual([ANN_CREATED, ANN_RENAMED, BOB_CREATED]);
    });

    it('erases nothing when its unit fails after reaching the events of a concurrent unit, which commits', async () => {
      const [ann, bob] = [annEvents(), bobEvents()];
      const failure = new Error('failed after erasing');

      const outcomes = await Promise.allSettled([
        store().unitOfWork.run((tx) => tx.eventLog.append(ann)),
        failingErase(ANN, failure),
        store().unitOfWork.run((tx) => tx.eventLog.append(bob)),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store().eventLog.readRange(0, 10)).toStrictEqual([ANN_CREATED, ANN_RENAMED, BOB_CREATED]);
    });
  });
});

describeEachAdapter(sqlAdapterFixtures, 'EventLog on $name without its head row', (fixture) => {
  const store = useAdapters(fixture);

  afterEach(async () => {
    await store().db.execute(sql`INSERT INTO event_log_head (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`);
  });

  it('refuses to append rather than hand out positions for rows it did not write', async () => {
    await store().db.execute(sql`DELETE FROM event_log_head`);
    const user = register(ANN, 'ann@example.com', 'Ann');
    const events = user.pullEvents();

    await expect(store().unitOfWork.run((tx) => tx.eventLog.append(events))).rejects.toThrow(/0 of 1/);
    expect(await store().eventLog.head()).toBe(0);
  });
});
