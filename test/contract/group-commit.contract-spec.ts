import { DomainEvent } from '../../src/shared/domain/domain-event.js';
import { GroupCommit } from '../../src/shared/infrastructure/database/group-commit.js';
import type { UsersTransaction, UsersUnitOfWork } from '../../src/users/application/ports/users-unit-of-work.js';
import { Email } from '../../src/users/domain/email.js';
import { UserName } from '../../src/users/domain/user-name.js';
import { EmailAlreadyTaken, UserNotFound } from '../../src/users/domain/user.errors.js';
import { USER_PERSONAL_FIELDS } from '../../src/users/domain/user.events.js';
import { User } from '../../src/users/domain/user.js';
import { DrizzleUsersUnitOfWork } from '../../src/users/infrastructure/drizzle-users-unit-of-work.js';
import { USER_ROWS_INSERT } from '../../src/users/infrastructure/user-rows-insert.js';
import { describeEachAdapter, sqlAdapterFixtures, useAdapters } from '../support/adapters.js';
import { countingTransactions } from '../support/counting-database.js';
import { waitUntil } from '../support/wait.js';

const CREATED_AT = new Date('2026-11-24T19:00:00.123Z');

/** A fixed UUID per number: 1 → 00000000-0000-4000-8000-000000000001. */
const idOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const register = (n: number, email = `user${n}@example.com`): User =>
  User.register(idOf(n), Email.parse(email), UserName.parse(`User ${n}`), CREATED_AT);

/** An event PostgreSQL's jsonb refuses (NUL), so that the batch's one event-log statement fails. */
class Unstorable extends DomainEvent<{ note: string }> {
  readonly type = 'test.unstorable';
}

/** An event of no aggregate's, for tests of the mechanism alone. */
class Noted extends DomainEvent<{ note: string }> {
  readonly type = 'test.noted';
}

type Work = (tx: UsersTransaction) => Promise<unknown>;

// What the batching costs and who it fails: every work is handed to run() in one turn of the event loop, so one batch.
describeEachAdapter(sqlAdapterFixtures, 'GroupCommit on $name', (fixture) => {
  const store = useAdapters(fixture);

  const counted = () => {
    const counting = countingTransactions(store().database);
    const unitOfWork: UsersUnitOfWork = new DrizzleUsersUnitOfWork(counting.database);
    let runs = 0;
    const batch = (works: readonly Work[]) =>
      Promise.allSettled(
        works.map((work) =>
          unitOfWork.run((tx) => {
            runs += 1;
            return work(tx);
          }),
        ),
      );
    return { batch, transactions: counting.transactions, runs: () => runs };
  };

  const create = (user: User): Work => {
    const events = user.pullEvents();
    return async (tx) => {
      await tx.users.insert(user);
      return tx.eventLog.append(events);
    };
  };

  const deleteUser =
    (id: string): Work =>
    async (tx) => {
      const user = await tx.users.findById(id);
      if (!user) throw new UserNotFound();
      user.delete(CREATED_AT);
      await tx.users.remove(id);
      await tx.eventLog.erase(id, USER_PERSONAL_FIELDS);
      return tx.eventLog.append(user.pullEvents());
    };

  const statuses = (outcomes: readonly PromiseSettledResult<unknown>[]) => outcomes.map((outcome) => outcome.status);

  it('begins a second transaction only once every unit of the first has settled, with every unit that came meanwhile', async () => {
    const counting = countingTransactions(store().database);
    const commits = new GroupCommit(counting.database.db, 2);
    const noted = (n: number) => new Noted(idOf(n), CREATED_AT, { note: `unit ${n}` });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = commits.run(async ({ eventLog }) => {
      await held;
      return eventLog.append([noted(1)]);
    });
    await waitUntil(() => counting.transactions() === 1, 'the first transaction', 5_000, 5);
    const started: number[] = [];
    const later = [2, 3, 4].map((n) =>
      commits.run(async ({ eventLog }) => {
        started.push(n);
        return eventLog.append([noted(n)]);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whileHeld = { started: [...started], transactions: counting.transactions() };
    release();
    await Promise.allSettled([first, ...later]);

    // Two in flight are allowed, but the first was still running a unit: the others waited, and then went together.
    expect(whileHeld).toEqual({ started: [], transactions: 1 });
    expect({ started, transactions: counting.transactions() }).toEqual({ started: [2, 3, 4], transactions: 2 });
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.payload)).toEqual([1, 2, 3, 4].map((n) => ({ note: `unit ${n}` })));
  });

  it('commits 31 creates and a delete of a missing id in one transaction, running each work once; only the delete fails', async () => {
    const { batch, transactions, runs } = counted();
    const creates = Array.from({ length: 31 }, (_, index) => create(register(index + 1)));

    const outcomes = await batch([...creates.slice(0, 15), deleteUser(idOf(99)), ...creates.slice(15)]);

    expect(outcomes[15]).toEqual({ status: 'rejected', reason: expect.any(UserNotFound) });
    expect(statuses(outcomes).filter((status) => status === 'fulfilled')).toHaveLength(31);
    expect({ transactions: transactions(), runs: runs() }).toEqual({ transactions: 1, runs: 32 });
    expect(await store().eventLog.head()).toBe(31);
    expect(await store().users.list(100, null)).toHaveLength(31);
  });

  it('answers a failing first unit alone and commits the other 31 in one more transaction, running each work once', async () => {
    const { batch, transactions, runs } = counted();
    const creates = Array.from({ length: 31 }, (_, index) => create(register(index + 1)));

    const outcomes = await batch([deleteUser(idOf(99)), ...creates]);

    expect(outcomes[0]).toEqual({ status: 'rejected', reason: expect.any(UserNotFound) });
    expect(statuses(outcomes).filter((status) => status === 'fulfilled')).toHaveLength(31);
    expect({ transactions: transactions(), runs: runs() }).toEqual({ transactions: 2, runs: 32 });
    expect(await store().eventLog.head()).toBe(31);
    expect(await store().users.list(100, null)).toHaveLength(31);
  });

  it('undoes a first unit that wrote before failing, and keeps the units after it', async () => {
    const { batch } = counted();
    const [ann, bob, carol] = [register(1), register(2), register(3)];
    const failure = new Error('fails after writing, before appending');

    const outcomes = await batch([
      async (tx) => {
        await tx.users.insert(ann);
        throw failure;
      },
      create(bob),
      create(carol),
    ]);

    expect(outcomes[0]).toEqual({ status: 'rejected', reason: failure });
    expect(statuses(outcomes.slice(1))).toEqual(['fulfilled', 'fulfilled']);
    expect((await store().users.list(10, null)).map((user) => user.id).sort()).toEqual([bob.id, carol.id]);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([bob.id, carol.id]);
  });

  it('undoes a later unit that wrote before failing, in a rerun with a savepoint per unit, and keeps the others', async () => {
    const { batch, transactions } = counted();
    const [ann, bob, carol] = [register(1), register(2), register(3)];
    const failure = new Error('fails after writing, before appending');

    const outcomes = await batch([
      create(ann),
      async (tx) => {
        await tx.users.insert(bob);
        throw failure;
      },
      create(carol),
    ]);

    expect(outcomes).toEqual([expect.objectContaining({ status: 'fulfilled' }), { status: 'rejected', reason: failure }, expect.objectContaining({ status: 'fulfilled' })]);
    expect(transactions()).toBe(2);
    expect((await store().users.list(10, null)).map((user) => user.id).sort()).toEqual([ann.id, carol.id]);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([ann.id, carol.id]);
  });

  it('undoes a unit that appended after the batch wrote its events and then failed, and keeps the others', async () => {
    const { batch } = counted();
    const [ann, bob] = [register(1), register(2)];
    const [createAnn, bobEvents] = [create(ann), bob.pullEvents()];
    const failure = new Error('fails after its append');

    const outcomes = await batch([
      async (tx) => {
        await tx.eventLog.head(); // writes the batch's waiting events: from here on an append is written at once
        return createAnn(tx);
      },
      async (tx) => {
        await tx.eventLog.append(bobEvents);
        throw failure;
      },
    ]);

    expect(outcomes).toEqual([expect.objectContaining({ status: 'fulfilled' }), { status: 'rejected', reason: failure }]);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([ann.id]);
  });

  it('commits 29 creates and the deletes of an earlier user and of one created in the batch, both erased, in one transaction', async () => {
    const [earlier, inBatch] = [register(98), register(99)];
    await store().unitOfWork.run(create(earlier));
    const { batch, transactions, runs } = counted();
    const creates = Array.from({ length: 29 }, (_, index) => create(register(index + 1)));

    const outcomes = await batch([
      ...creates.slice(0, 10),
      deleteUser(earlier.id),
      create(inBatch),
      ...creates.slice(10),
      deleteUser(inBatch.id),
    ]);

    expect(statuses(outcomes).filter((status) => status === 'fulfilled')).toHaveLength(32);
    expect({ transactions: transactions(), runs: runs() }).toEqual({ transactions: 1, runs: 32 });
    const log = await store().eventLog.readRange(0, 100);
    const erased = log.filter((event) => event.aggregateId === earlier.id || event.aggregateId === inBatch.id);
    expect(erased.map((event) => [event.type, event.payload])).toEqual([
      ['user.created', { name: 'User 98' }],
      ['user.deleted', {}],
      ['user.created', { name: 'User 99' }],
      ['user.deleted', {}],
    ]);
    expect(log.filter((event) => event.type === 'user.created' && 'email' in event.payload)).toHaveLength(29);
  });

  it('commits 31 creates and one whose email is taken in one transaction, running each work once; only that one fails', async () => {
    const { batch, transactions, runs } = counted();
    const creates = Array.from({ length: 31 }, (_, index) => create(register(index + 1)));

    const outcomes = await batch([...creates.slice(0, 10), create(register(50, 'USER3@example.com')), ...creates.slice(10)]);

    expect(outcomes[10]).toEqual({ status: 'rejected', reason: expect.any(EmailAlreadyTaken) });
    expect(statuses(outcomes).filter((status) => status === 'fulfilled')).toHaveLength(31);
    // The taken email is skipped by the batch's one INSERT (ON CONFLICT DO NOTHING): nothing aborts, nothing reruns.
    expect({ transactions: transactions(), runs: runs() }).toEqual({ transactions: 1, runs: 32 });
    expect((await store().eventLog.readRange(0, 100)).map((event) => event.position)).toEqual(
      Array.from({ length: 31 }, (_, index) => index + 1),
    );
  });

  it('writes the users of a batch of 32 creates in one INSERT', async () => {
    const { batch } = counted();
    const { write } = USER_ROWS_INSERT;
    const statementSizes: number[] = [];
    USER_ROWS_INSERT.write = (db, rows) => {
      statementSizes.push(rows.length);
      return write(db, rows);
    };
    try {
      const outcomes = await batch(Array.from({ length: 32 }, (_, index) => create(register(index + 1))));

      expect(statuses(outcomes).every((status) => status === 'fulfilled')).toBe(true);
      expect(statementSizes).toEqual([32]);
      expect(await store().users.list(100, null)).toHaveLength(32);
    } finally {
      USER_ROWS_INSERT.write = write;
    }
  });

  it('writes the first of two creates of one email in a batch and answers the second EmailAlreadyTaken', async () => {
    const { batch, transactions } = counted();
    const [first, second] = [register(1, 'same@example.com'), register(2, 'Same@Example.com')];

    const outcomes = await batch([create(register(3)), create(first), create(second), create(register(4))]);

    expect(outcomes[2]).toEqual({ status: 'rejected', reason: expect.any(EmailAlreadyTaken) });
    expect(statuses(outcomes)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(transactions()).toBe(1);
    expect((await store().users.findById(first.id))?.email.value).toBe('same@example.com');
    expect(await store().users.findById(second.id)).toBeNull();
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([idOf(3), first.id, idOf(4)]);
  });

  it('lets a later unit of the batch read and rename a user an earlier unit created', async () => {
    const { batch, transactions } = counted();
    const ann = register(1);

    const outcomes = await batch([
      create(ann),
      async (tx) => {
        const user = await tx.users.findById(ann.id);
        if (!user) throw new UserNotFound();
        user.rename(UserName.parse('Ann Renamed'), CREATED_AT);
        await tx.users.update(user);
        return tx.eventLog.append(user.pullEvents());
      },
    ]);

    expect(statuses(outcomes)).toEqual(['fulfilled', 'fulfilled']);
    expect(transactions()).toBe(1);
    expect((await store().users.findById(ann.id))?.name.value).toBe('Ann Renamed');
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.type)).toEqual(['user.created', 'user.renamed']);
  });

  it('rolls back only after every unit has settled: one still writing when another fails commits once, in its rerun', async () => {
    const { batch } = counted();
    const [ann, bob, carol] = [register(1), register(2), register(3)];
    const [annEvents, bobEvents] = [ann.pullEvents(), bob.pullEvents()];
    const failure = new Error('fails after its append');

    const outcomes = await batch([
      async (tx) => {
        await tx.users.insert(bob);
        await tx.eventLog.append(bobEvents);
        for (let read = 0; read < 3; read++) await tx.users.findById(bob.id);
        await tx.users.insert(carol); // still querying when the other unit's failure is known
        return 'done';
      },
      async (tx) => {
        await tx.users.insert(ann);
        await tx.eventLog.append(annEvents);
        throw failure;
      },
    ]);

    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'done' },
      { status: 'rejected', reason: failure },
    ]);
    expect((await store().users.list(10, null)).map((user) => user.id).sort()).toEqual([bob.id, carol.id]);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([bob.id]);
  });

  it('reruns each unit alone when the batch cannot write its events, so that only the unit with the unstorable event fails', async () => {
    const { batch, transactions } = counted();
    const [ann, bob] = [register(1), register(2)];
    const unstorable = [new Unstorable(idOf(3), CREATED_AT, { note: 'a\u0000b' })];

    const outcomes = await batch([create(ann), (tx) => tx.eventLog.append(unstorable), create(bob)]);

    expect(statuses(outcomes)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(transactions()).toBe(4);
    expect((await store().eventLog.readRange(0, 10)).map((event) => [event.position, event.aggregateId])).toEqual([
      [1, ann.id],
      [2, bob.id],
    ]);
  });

  it('reruns alone a unit that met a deadlock, instead of answering it with the error', async () => {
    const { batch, transactions } = counted();
    const [ann, bob] = [register(1), register(2)];
    const annEvents = ann.pullEvents();
    let attempts = 0;

    const outcomes = await batch([
      async (tx) => {
        attempts += 1;
        await tx.users.insert(ann);
        if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        return tx.eventLog.append(annEvents);
      },
      create(bob),
    ]);

    expect(statuses(outcomes)).toEqual(['fulfilled', 'fulfilled']);
    expect(transactions()).toBe(3);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([ann.id, bob.id]);
  });

  it('answers a failure seen in the batch only once the batch commits: a rerun decides it when the batch rolls back', async () => {
    const seed = register(1);
    const seedEvents = seed.pullEvents();
    await store().unitOfWork.run(async (tx) => {
      await tx.users.insert(seed);
      return tx.eventLog.append(seedEvents);
    });
    const { batch } = counted();
    const failure = new Error('the delete fails after its append');

    const outcomes = await batch([
      async (tx) => {
        await deleteUser(seed.id)(tx);
        throw failure;
      },
      async (tx) => {
        const user = await tx.users.findById(seed.id); // gone in the batch, but that delete never commits
        if (!user) throw new UserNotFound();
        user.rename(UserName.parse('Renamed'), CREATED_AT);
        await tx.users.update(user);
        return tx.eventLog.append(user.pullEvents());
      },
    ]);

    expect(outcomes).toEqual([{ status: 'rejected', reason: failure }, expect.objectContaining({ status: 'fulfilled' })]);
    expect((await store().users.findById(seed.id))?.name.value).toBe('Renamed');
  });

  it('keeps the events of earlier units when a unit that read the log before appending fails', async () => {
    const { batch } = counted();
    const ann = register(1);

    const outcomes = await batch([
      create(ann),
      async (tx) => {
        await tx.eventLog.head(); // writes the batch's waiting events now, inside this unit
        throw new UserNotFound();
      },
    ]);

    expect(statuses(outcomes)).toEqual(['fulfilled', 'rejected']);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([ann.id]);
    expect(await store().users.findById(ann.id)).not.toBeNull();
  });

  it('writes no event of a unit that appended without waiting and then failed', async () => {
    const { batch } = counted();
    const [ann, bob] = [register(1), register(2)];
    const bobEvents = bob.pullEvents();

    const outcomes = await batch([
      create(ann),
      async (tx) => {
        void tx.eventLog.append(bobEvents).catch(() => undefined);
        throw new Error('fails right after appending');
      },
    ]);

    expect(statuses(outcomes)).toEqual(['fulfilled', 'rejected']);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([ann.id]);
  });
});
