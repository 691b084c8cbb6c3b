import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { UserPosition } from '../application/ports/user.repository.js';
import { users } from './users.table.js';

/** The listing's order, newest first, served by users_newest_first_idx. */
export const newestFirst = [desc(users.createdAt), desc(users.id)] as const;

/** The users strictly after a position in that order; every user when there is none. */
export function olderThan(after: UserPosition | null): SQL | undefined {
  return after ? or(lt(users.createdAt, after.createdAt), and(eq(users.createdAt, after.createdAt), lt(users.id, after.id))) : undefined;
}
