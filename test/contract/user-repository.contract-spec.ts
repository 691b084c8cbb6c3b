import { errorCode, UNIQUE_VIOLATION } from '../../src/shared/infrastructure/database/store-errors.js';
import type { UserPosition } from '../../src/users/application/ports/user.repository.js';
import { Email } from '../../src/users/domain/email.js';
import { UserName } from '../../src/users/domain/user-name.js';
import { EmailAlreadyTaken, UserNotFound } from '../../src/users/domain/user.errors.js';
import { User } from '../../src/users/domain/user.js';
import { users as usersTable } from '../../src/users/infrastructure/users.table.js';
import { adapterFixtures, sqlAdapterFixtures, describeEachAdapter, useAdapters } from '../support/adapters.js';

const ANN = '00000000-0000-4000-8000-000000000001';
const BOB = '00000000-0000-4000-8000-000000000002';
const CREATED_AT = new Date('2026-11-24T19:00:00.123Z');
const RENAMED_AT = new Date('2026-11-24T19:05:00.456Z');

const register = (id: string, email: string, name: string, createdAt = CREATED_AT): User =>
  User.register(id, Email.parse(email), UserName.parse(name), createdAt);

const stateOf = (user: User | null) =>
  user && {
    id: user.id,
    email: user.email.value,
    name: user.name.value,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };

// Three share a createdAt, one is a millisecond newer, and they are inserted in neither time nor id order.
const LISTING = [
  { id: '00000000-0000-4000-8000-000000000004', email: 'dana@example.com', at: '2026-11-24T19:00:00.002Z' },
  { id: '00000000-0000-4000-8000-00000000000b', email: 'cara@example.com', at: '2026-11-24T19:00:00.002Z' },
  { id: '00000000-0000-4000-8000-000000000003', email: 'erin@example.com', at: '2026-11-24T19:00:00.001Z' },
  { id: '00000000-0000-4000-8000-000000000006', email: 'abby@example.com', at: '2026-11-24T19:00:00.004Z' },
  { id: '00000000-0000-4000-8000-000000000009', email: 'fay@example.com', at: '2026-11-24T19:00:00.002Z' },
  { id: '00000000-0000-4000-8000-000000000001', email: 'beth@example.com', at: '2026-11-24T19:00:00.003Z' },
] as const;
const NEWEST_FIRST = [
  '00000000-0000-4000-8000-000000000006',
  '00000000-0000-4000-8000-000000000001',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-000000000009',
  '00000000-0000-4000-8000-000000000004',
  '00000000-0000-4000-8000-000000000003',
];

describeEachAdapter(adapterFixtures, 'UserRepository on $name', (fixture) => {
  const store = useAdapters(fixture);

  const insertListing = async () => {
    for (const { id, email, at } of LISTING) await store().users.insert(register(id, email, 'Someone', new Date(at)));
  };

  it('finds an inserted user by id with its email, name and times to the millisecond', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann Lée'));

    expect(stateOf(await store().users.findById(ANN))).toEqual({
      id: ANN,
      email: 'ann@example.com',
      name: 'Ann Lée',
      createdAt: '2026-11-24T19:00:00.123Z',
      updatedAt: '2026-11-24T19:00:00.123Z',
    });
  });

  it('changes only the name and updatedAt on update, whatever else the user object holds', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));
    await store().users.update(User.restore(ANN, Email.parse('other@example.com'), UserName.parse('Ann Lee'), RENAMED_AT, RENAMED_AT));
    expect(stateOf(await store().users.findById(ANN))).toEqual({
      id: ANN,
      email: 'ann@example.com',
      name: 'Ann Lee',
      createdAt: CREATED_AT.toISOString(),
      updatedAt: RENAMED_AT.toISOString(),
    });
  });

  it('refuses to update an id it does not hold with UserNotFound, and creates nothing', async () => {
    await expect(store().users.update(register(BOB, 'bob@example.com', 'Bob'))).rejects.toBeInstanceOf(UserNotFound);
    expect(await store().users.findById(BOB)).toBeNull();
  });

  it('refuses to remove an id it does not hold with UserNotFound', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));

    await expect(store().users.remove(BOB)).rejects.toBeInstanceOf(UserNotFound);
    expect(await store().users.findById(ANN)).not.toBeNull();
  });

  it('refuses a second user with the same id without calling it a taken address', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));
    const second = store().users.insert(register(ANN, 'bob@example.com', 'Bob'));
    await expect(second).rejects.toThrow();
    await expect(second).rejects.not.toBeInstanceOf(EmailAlreadyTaken);
    expect(stateOf(await store().users.findById(ANN))?.email).toBe('ann@example.com');
  });

  it('finds nothing for an id it does not hold', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));

    expect(await store().users.findById(BOB)).toBeNull();
  });

  it('rejects a second user with the same address in other case as EmailAlreadyTaken and keeps the first', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));

    await expect(store().users.insert(register(BOB, ' ANN@Example.COM ', 'Bob'))).rejects.toBeInstanceOf(EmailAlreadyTaken);
    expect(await store().users.findById(BOB)).toBeNull();
    expect((await store().users.list(10, null)).map(stateOf)).toEqual([stateOf(register(ANN, 'ann@example.com', 'Ann'))]);
  });

  it('updates the name and updatedAt and leaves the email, createdAt and other users as they were', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));
    await store().users.insert(register(BOB, 'bob@example.com', 'Bob'));
    const ann = await store().users.findById(ANN);
    if (ann === null) throw new Error('Ann was not stored');

    ann.rename(UserName.parse('Ann Lee'), RENAMED_AT);
    await store().users.update(ann);

    expect(stateOf(await store().users.findById(ANN))).toEqual({
      id: ANN,
      email: 'ann@example.com',
      name: 'Ann Lee',
      createdAt: '2026-11-24T19:00:00.123Z',
      updatedAt: '2026-11-24T19:05:00.456Z',
    });
    expect(stateOf(await store().users.findById(BOB))).toEqual(stateOf(register(BOB, 'bob@example.com', 'Bob')));
  });

  it('removes a user, keeps the others and frees the address', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));
    await store().users.insert(register(BOB, 'bob@example.com', 'Bob'));

    await store().users.remove(ANN);

    expect(await store().users.findById(ANN)).toBeNull();
    expect((await store().users.list(10, null)).map((user) => user.id)).toEqual([BOB]);
    const third = '00000000-0000-4000-8000-000000000003';
    await store().users.insert(register(third, 'ann@example.com', 'Another Ann'));
    expect(stateOf(await store().users.findById(third))?.email).toBe('ann@example.com');
  });

  it('lists newest first, breaking ties on createdAt by id descending', async () => {
    await insertListing();

    expect((await store().users.list(10, null)).map((user) => user.id)).toEqual(NEWEST_FIRST);
  });

  it('returns at most limit users, the newest', async () => {
    await insertListing();

    expect((await store().users.list(3, null)).map((user) => user.id)).toEqual(NEWEST_FIRST.slice(0, 3));
  });

  it('pages with after so that every user appears exactly once, in listing order, even across a tie', async () => {
    await insertListing();

    const pages: string[][] = [];
    let after: UserPosition | null = null;
    // Bounded, so that a cursor that never advances fails the test instead of hanging it.
    while (pages.length < 10) {
      const page = await store().users.list(2, after);
      pages.push(page.map((user) => user.id));
      const last = page.at(-1);
      if (last === undefined) break;
      after = { createdAt: last.createdAt, id: last.id };
    }

    expect(pages).toEqual([NEWEST_FIRST.slice(0, 2), NEWEST_FIRST.slice(2, 4), NEWEST_FIRST.slice(4, 6), []]);
  });

  it('continues after a position whose user has since been removed', async () => {
    await insertListing();
    const [, , , removed] = NEWEST_FIRST as [string, string, string, string];
    const position = { createdAt: new Date('2026-11-24T19:00:00.002Z'), id: removed };

    await store().users.remove(removed);

    expect((await store().users.list(10, position)).map((user) => user.id)).toEqual(NEWEST_FIRST.slice(4));
  });
});

describeEachAdapter(sqlAdapterFixtures, 'users table on $name', (fixture) => {
  const store = useAdapters(fixture);

  const writeByHand = (id: string, email: string) =>
    store().db.insert(usersTable).values({ id, email, name: 'By Hand', createdAt: CREATED_AT, updatedAt: CREATED_AT });

  it('rejects a hand-written row whose address differs only in case', async () => {
    await store().users.insert(register(ANN, 'ann@example.com', 'Ann'));

    const failure = await writeByHand(BOB, 'ANN@Example.com').then(
      () => null,
      (error: unknown) => error,
    );

    expect(errorCode(failure)).toBe(UNIQUE_VIOLATION);
    expect(await store().users.findById(BOB)).toBeNull();
  });

  it('reports a clash with a differently-cased hand-written row as EmailAlreadyTaken', async () => {
    await writeByHand(BOB, 'ANN@Example.com');

    await expect(store().users.insert(register(ANN, 'ann@example.com', 'Ann'))).rejects.toBeInstanceOf(EmailAlreadyTaken);
  });
});
