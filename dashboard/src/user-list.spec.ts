import type { HeraldEvent } from '../../client/herald-stream.js';
import type { User, UserPage } from './api.js';
import { UserList } from './user-list.js';

const AT = '2026-12-01T10:00:00.000Z';
const user = (id: string, name: string): User => ({ id, name, email: `${id}@example.com`, createdAt: AT, updatedAt: AT });
const page = (items: User[], position: number, nextCursor: string | null = null): UserPage => ({ items, nextCursor, position });
const event = (id: number, type: string, data: Record<string, unknown>): HeraldEvent => ({ id, type, data: { occurredAt: AT, ...data } });
const names = (list: UserList) => list.items.map((shown) => shown.name);

describe('UserList', () => {
  it('adds a created user at the top, once', () => {
    const list = new UserList();
    list.replace(page([user('b', 'Bea')], 1));

    expect(list.apply(event(2, 'user.created', { id: 'a', name: 'Ann', email: 'a@example.com' }))).toBe(true);
    expect(list.apply(event(2, 'user.created', { id: 'a', name: 'Ann', email: 'a@example.com' }))).toBe(false);
    expect(names(list)).toEqual(['Ann', 'Bea']);
  });

  it('renames and removes the users it shows', () => {
    const list = new UserList();
    list.replace(page([user('a', 'Ann'), user('b', 'Bea')], 2));

    list.apply(event(3, 'user.renamed', { id: 'a', name: 'Annie', previousName: 'Ann' }));
    list.apply(event(4, 'user.deleted', { id: 'b' }));

    expect(names(list)).toEqual(['Annie']);
  });

  it('applies to a later page what happened after that page was read, and nothing before', () => {
    const list = new UserList();
    list.replace(page([user('a', 'Ann')], 10, 'next'));
    list.apply(event(11, 'user.renamed', { id: 'c', name: 'Cid renamed', previousName: 'Cid' }));
    list.apply(event(12, 'user.deleted', { id: 'd' }));

    list.append(page([user('c', 'Cid'), user('d', 'Dee'), user('a', 'Ann')], 10));
    expect(names(list)).toEqual(['Ann', 'Cid renamed']);

    const fresher = new UserList();
    fresher.replace(page([], 10, 'next'));
    fresher.apply(event(11, 'user.renamed', { id: 'c', name: 'Old', previousName: 'Cid' }));
    fresher.append(page([user('c', 'Newer')], 12));
    expect(names(fresher)).toEqual(['Newer']);
  });

  it('changes nothing for a type it does not know, or a payload without an id', () => {
    const list = new UserList();
    list.replace(page([user('a', 'Ann')], 1));

    expect(list.apply(event(2, 'invoice.paid', { id: 'a', name: 'Paid' }))).toBe(false);
    expect(list.apply(event(3, 'user.renamed', { name: 'Nobody' }))).toBe(false);
    expect(names(list)).toEqual(['Ann']);
  });
});
