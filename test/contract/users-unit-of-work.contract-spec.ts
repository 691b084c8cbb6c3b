import { Email } from '../../src/users/domain/email.js';
import { UserName } from '../../src/users/domain/user-name.js';
import { EmailAlreadyTaken } from '../../src/users/domain/user.errors.js';
import { User } from '../../src/users/domain/user.js';
import { adapterFixtures, describeEachAdapter, useAdapters } from '../support/adapters.js';

const ANN = '00000000-0000-4000-8000-000000000001';
const BOB = '00000000-0000-4000-8000-000000000002';
const CREATED_AT = new Date('2026-11-24T19:00:00.123Z');

/** A fixed UUID per number: 1 → 00000000-0000-4000-8000-000000000001. */
const idOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const register = (id: string, email: string, name: string): User =>
  User.register(id, Email.parse(email), UserName.parse(name), CREATED_AT);

describeEachAdapter(adapterFixtures, 'UsersUnitOfWork on $name', (fixture) => {
  const store = useAdapters(fixture);

  const create = (user: User) => {
    const events = user.pullEvents();
    return store().unitOfWork.run(async (tx) => {
      await tx.users.insert(user);
      return tx.eventLog.append(events);
    });
  };

  it('commits the user and its event together and returns what the work returned', async () => {
    const recorded = await create(register(ANN, 'ann@example.com', 'Ann'));

    expect(recorded.map((event) => [event.position, event.type, event.aggregateId])).toEqual([[1, 'user.created', ANN]]);
    expect((await store().users.findById(ANN))?.email.value).toBe('ann@example.com');
    expect(await store().eventLog.readRange(0, 10)).toEqual(recorded);
  });

  it('leaves neither the user nor its event when the work throws after both writes, and rethrows the same error', async () => {
    await create(register(ANN, 'ann@example.com', 'Ann'));
    const bob = register(BOB, 'bob@example.com', 'Bob');
    const events = bob.pullEvents();
    const failure = new Error('the work failed after writing');

    await expect(
      store().unitOfWork.run(async (tx) => {
        await tx.users.insert(bob);
        await tx.eventLog.append(events);
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(await store().users.findById(BOB)).toBeNull();
    expect((await store().users.list(10, null)).map((user) => user.id)).toEqual([ANN]);
    expect(await store().eventLog.head()).toBe(1);
  });

  it('leaves nothing when the work throws between inserting the user and appending its event', async () => {
    await create(register(ANN, 'ann@example.com', 'Ann'));
    const bob = register(BOB, 'bob@example.com', 'Bob');
    const failure = new Error('the work failed between the writes');

    await expect(
      store().unitOfWork.run(async (tx) => {
        await tx.users.insert(bob);
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(await store().users.findById(BOB)).toBeNull();
    expect((await store().users.list(10, null)).map((user) => user.id)).toEqual([ANN]);
    expect(await store().eventLog.head()).toBe(1);
  });

  it("keeps the user and the email in its events when a delete that erased it fails, and rethrows the same error", async () => {
    await create(register(ANN, 'ann@example.com', 'Ann'));
    const failure = new Error('the delete failed after its writes');

    await expect(
      store().unitOfWork.run(async (tx) => {
        const ann = await tx.users.findById(ANN);
        ann?.delete(CREATED_AT);
        await tx.users.remove(ANN);
        await tx.eventLog.erase(ANN, ['email']);
        await tx.eventLog.append(ann?.pullEvents() ?? []);
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect((await store().users.findById(ANN))?.email.value).toBe('ann@example.com');
    expect((await store().eventLog.readRange(0, 10)).map((event) => [event.position, event.payload])).toEqual([
      [1, { email: 'ann@example.com', name: 'Ann' }],
    ]);
  });

  it('gives the next unit of work the next position after a rolled-back one, with no gap', async () => {
    const ann = register(ANN, 'ann@example.com', 'Ann');
    const events = ann.pullEvents();
    await expect(
      store().unitOfWork.run(async (tx) => {
        await tx.users.insert(ann);
        await tx.eventLog.append(events);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    const recorded = await create(register(BOB, 'bob@example.com', 'Bob'));

    expect(recorded.map((event) => event.position)).toEqual([1]);
    expect((await store().eventLog.readRange(0, 10)).map((event) => event.aggregateId)).toEqual([BOB]);
  });

  it('lets exactly one of 10 concurrent units of work claim an address; the nine others reject with EmailAlreadyTaken', async () => {
    const contenders = Array.from({ length: 10 }, (_, index) =>
      register(idOf(index + 1), 'ann@example.com', `Ann ${index + 1}`),
    );

    const outcomes = await Promise.allSettled(contenders.map(create));

    const winners = contenders.filter((_, index) => outcomes[index]?.status === 'fulfilled');
    const reasons = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(winners).toHaveLength(1);
    expect(reasons).toEqual(Array.from({ length: 9 }, () => expect.any(EmailAlreadyTaken)));
    const [winner] = winners as [User];
    expect((await store().users.list(20, null)).map((user) => user.id)).toEqual([winner.id]);
    expect((await store().eventLog.readRange(0, 20)).map((event) => [event.position, event.aggregateId])).toEqual([
      [1, winner.id],
    ]);
    expect(await store().eventLog.head()).toBe(1);
  });

  it('commits 20 concurrent units of work with consecutive positions, each getting back its own events', async () => {
    const users = Array.from({ length: 20 }, (_, index) => register(idOf(index + 1), `user${index + 1}@example.com`, 'User'));

    const recorded = await Promise.all(users.map(create));

    expect(recorded.map(([event]) => event?.aggregateId)).toEqual(users.map((user) => user.id));
    expect(recorded.flat().map((event) => event.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    const log = await store().eventLog.readRange(0, 100);
    expect(log.map((event) => [event.position, event.aggregateId])).toEqual(
      recorded.flat().map((event) => [event.position, event.aggregateId]).sort(([a], [b]) => Number(a) - Number(b)),
    );
  });

  it('fails only the failing ones among concurrent units of work: the others commit, with no gap', async () => {
    await create(register(ANN, 'ann@example.com', 'Ann'));
    const failure = new Error('this one fails after writing');
    const bob = register(BOB, 'bob@example.com', 'Bob');
    const bobEvents = bob.pullEvents();
    const others = [3, 4, 5].map((n) => register(idOf(n), `user${n}@example.com`, `User ${n}`));

    const outcomes = await Promise.allSettled([
      create(others[0] as User),
      create(register(idOf(9), 'ANN@example.com', 'Ann again')),
      store().unitOfWork.run(async (tx) => {
        await tx.users.insert(bob);
        await tx.eventLog.append(bobEvents);
        throw failure;
      }),
      create(others[1] as User),
      create(others[2] as User),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(outcomes[1]).toEqual({ status: 'rejected', reason: expect.any(EmailAlreadyTaken) });
    expect(outcomes[2]).toEqual({ status: 'rejected', reason: failure });
    expect(await store().users.findById(BOB)).toBeNull();
    expect(await store().users.findById(idOf(9))).toBeNull();
    const log = await store().eventLog.readRange(0, 100);
    expect(log.map((event) => event.position)).toEqual([1, 2, 3, 4]);
    expect(new Set(log.slice(1).map((event) => event.aggregateId))).toEqual(new Set(others.map((user) => user.id)));
    expect(await store().eventLog.head()).toBe(4);
  });
});
