import { Email } from '../../domain/email.js';
import { UserName } from '../../domain/user-name.js';
import { User } from '../../domain/user.js';
import { inMemoryUsers } from '../../../../test/support/in-memory-users.js';
import { ListUsersHandler } from './list-users.handler.js';
import { ListUsersQuery } from './list-users.query.js';
import { InvalidCursor, PageCursor } from './page-cursor.js';

// Three share a creation time, so the id decides their order.
const USERS = [
  { id: '10000000-0000-4000-8000-000000000001', createdAt: '2026-11-24T19:00:00.000Z' },
  { id: '10000000-0000-4000-8000-000000000002', createdAt: '2026-11-24T19:00:01.000Z' },
  { id: '10000000-0000-4000-8000-00000000000a', createdAt: '2026-11-24T19:00:02.000Z' },
  { id: '10000000-0000-4000-8000-00000000000c', createdAt: '2026-11-24T19:00:02.000Z' },
  { id: '10000000-0000-4000-8000-00000000000b', createdAt: '2026-11-24T19:00:02.000Z' },
  { id: '10000000-0000-4000-8000-000000000003', createdAt: '2026-11-24T19:00:03.000Z' },
  { id: '10000000-0000-4000-8000-000000000004', createdAt: '2026-11-24T19:00:04.000Z' },
];
const NEWEST_FIRST = [
  '10000000-0000-4000-8000-000000000004',
  '10000000-0000-4000-8000-000000000003',
  '10000000-0000-4000-8000-00000000000c',
  '10000000-0000-4000-8000-00000000000b',
  '10000000-0000-4000-8000-00000000000a',
  '10000000-0000-4000-8000-000000000002',
  '10000000-0000-4000-8000-000000000001',
];

// Each user is registered through the unit of work, so that the log holds its user.created.
async function setup() {
  const { unitOfWork, snapshot } = inMemoryUsers();
  for (const [index, { id, createdAt }] of USERS.entries()) {
    const user = User.register(id, Email.parse(`user${index}@example.com`), UserName.parse(`User ${index}`), new Date(createdAt));
    const events = user.pullEvents();
    await unitOfWork.run(async (tx) => {
      await tx.users.insert(user);
      return tx.eventLog.append(events);
    });
  }
  return new ListUsersHandler(snapshot);
}

describe('ListUsersHandler', () => {
  it('lists the newest user first, ties broken by id', async () => {
    const page = await (await setup()).execute(new ListUsersQuery(100, null));
    expect(page.items.map((user) => user.id)).toEqual(NEWEST_FIRST);
    expect(page.nextCursor).toBeNull();
  });

  it('returns every user exactly once, in order, across pages', async () => {
    const handler = await setup();
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await handler.execute(new ListUsersQuery(3, cursor));
      seen.push(...page.items.map((user) => user.id));
      pageSizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor !== null && pageSizes.length < 10);
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(NEWEST_FIRST);
  });

  it('gives no next cursor when the last page is exactly full', async () => {
    const handler = await setup();
    const first = await handler.execute(new ListUsersQuery(4, null));
    const second = await handler.execute(new ListUsersQuery(3, first.nextCursor));
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
  });

  it('returns an empty page with no cursor at position 0 when there are no users', async () => {
    const page = await new ListUsersHandler(inMemoryUsers().snapshot).execute(new ListUsersQuery(20, null));
    expect(page).toEqual({ items: [], nextCursor: null, position: 0 });
  });

  it('carries the position of the newest event in the log, on every page', async () => {
    const handler = await setup();
    const first = await handler.execute(new ListUsersQuery(3, null));
    const second = await handler.execute(new ListUsersQuery(3, first.nextCursor));
    expect([first.position, second.position]).toEqual([USERS.length, USERS.length]);
  });

  it.each([
    ['text that is not base64url', 'not a cursor!'],
    ['a cursor without an id', Buffer.from('2026-11-24T19:00:00.000Z').toString('base64url')],
    ['a cursor whose id is not a UUID', Buffer.from('2026-11-24T19:00:00.000Z|42').toString('base64url')],
    ['a cursor with an impossible date', Buffer.from('2026-13-45T19:00:00.000Z|10000000-0000-4000-8000-000000000001').toString('base64url')],
    ['a cursor with an extra field', Buffer.from('2026-11-24T19:00:00.000Z|10000000-0000-4000-8000-000000000001|x').toString('base64url')],
    ['an empty cursor', ''],
  ])('rejects %s with InvalidCursor', async (_, cursor) => {
    await expect((await setup()).execute(new ListUsersQuery(3, cursor))).rejects.toThrow(InvalidCursor);
  });

  it('continues strictly after the position a cursor names', async () => {
    const cursor = PageCursor.encode({ createdAt: new Date('2026-11-24T19:00:02.000Z'), id: '10000000-0000-4000-8000-00000000000b' });
    const page = await (await setup()).execute(new ListUsersQuery(10, cursor));
    expect(page.items.map((user) => user.id)).toEqual(NEWEST_FIRST.slice(4));
  });
});
