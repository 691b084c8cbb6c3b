import { USER_EVENT_CATALOG } from '../../src/users/application/user-event-catalog.js';
import { UserCreated } from '../../src/users/domain/user.events.js';

/** Every type the users module records, from its own catalog: a test that walks them all covers a new one. */
export const USER_EVENT_TYPES: readonly string[] = USER_EVENT_CATALOG.types;

/** Fixed, distinct user.created events: the n-th one is for user n. */
export function userCreated(n: number): UserCreated {
  const id = `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return new UserCreated(id, new Date(Date.UTC(2026, 10, 24, 19, 0, n)), { email: `user${n}@example.com`, name: `User ${n}` });
}

export function usersCreated(from: number, count: number): UserCreated[] {
  return Array.from({ length: count }, (_, index) => userCreated(from + index));
}
