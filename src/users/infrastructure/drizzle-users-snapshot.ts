import { desc, sql } from 'drizzle-orm';
import type { Drizzle } from '../../shared/infrastructure/database/database.js';
import { eventLog } from '../../shared/infrastructure/database/event-log.table.js';
import { guardStore } from '../../shared/infrastructure/database/store-errors.js';
import type { UserPosition } from '../application/ports/user.repository.js';
import { type UsersAtPosition, UsersSnapshot } from '../application/ports/users-snapshot.js';
import { newestFirst, olderThan } from './newest-first.js';
import { toUser } from './user-row.js';
import { users } from './users.table.js';

/**
 * The page and the log's head in one statement, which PostgreSQL runs on one snapshot at any isolation level:
 * as a repeatable-read transaction would, at one round trip instead of four. The head is sound as the page's
 * position because positions are handed out in commit order (DrizzleEventLog holds event_log_head's row to
 * commit, and a waiting append gets it only once the holder is visible): a snapshot that sees position N sees
 * every event up to N and the user rows committed with them. On PGlite the statement waits for the one
 * connection, so it never runs inside a group commit's open transaction.
 */
export class DrizzleUsersSnapshot extends UsersSnapshot {
  constructor(private readonly db: Drizzle) {
    super();
  }

  override list(limit: number, after: UserPosition | null): Promise<UsersAtPosition> {
    return guardStore(async () => {
      // As DrizzleEventLog.head(): the newest committed event.
      const head = this.db.$with('head').as(
        this.db.select({ position: sql<number>`coalesce(max(${eventLog.position}), 0)`.mapWith(Number).as('position') }).from(eventLog),
      );
      const page = this.db.$with('page').as(this.db.select().from(users).where(olderThan(after)).orderBy(...newestFirst).limit(limit));
      // One head row, joined to every user of the page, or to none when the page is empty.
      const rows = await this.db
        .with(head, page)
        .select({
          position: head.position,
          user: { id: page.id, email: page.email, name: page.name, createdAt: page.createdAt, updatedAt: page.updatedAt },
        })
        .from(head)
        .leftJoin(page, sql`true`)
        .orderBy(desc(page.createdAt), desc(page.id));
      const position = rows[0]?.position ?? 0;
      return { users: rows.flatMap(({ user }) => (user ? [toUser(user)] : [])), position };
    });
  }
}
