import { eq } from 'drizzle-orm';
import type { Drizzle } from '../../shared/infrastructure/database/database.js';
import { insertRow, type RowInserts } from '../../shared/infrastructure/database/deferred-inserts.js';
import { guardStore } from '../../shared/infrastructure/database/store-errors.js';
import { type UserPosition, UserRepository } from '../application/ports/user.repository.js';
import type { User } from '../domain/user.js';
import { EmailAlreadyTaken, UserNotFound } from '../domain/user.errors.js';
import { newestFirst, olderThan } from './newest-first.js';
import { toUser, toUserRow as toRow } from './user-row.js';
import { USER_ROWS_INSERT } from './user-rows-insert.js';
import { users } from './users.table.js';

/** Users in PostgreSQL (PGlite or a server); on a transaction when the unit of work hands one in. */
export class DrizzleUserRepository extends UserRepository {
  /**
   * lockRead, in a unit of work: findById locks the row to commit (FOR UPDATE), so that a concurrent change waits
   * and then reads what this one wrote: a rename's previousName is the name it replaced, never a stale read.
   * inserts, in a group commit: where insert() writes, with the other units' users in one statement.
   */
  constructor(
    private readonly db: Drizzle,
    private readonly options: { readonly lockRead: boolean; readonly inserts?: RowInserts } = { lockRead: false },
  ) {
    super();
  }

  override insert(user: User): Promise<void> {
    return guardStore(async () => {
      const row = toRow(user);
      const written = await (this.options.inserts?.insert(USER_ROWS_INSERT, row) ?? insertRow(this.db, USER_ROWS_INSERT, row));
      if (!written) throw new EmailAlreadyTaken();
    });
  }

  override update(user: User): Promise<void> {
    return guardStore(async () => {
      await this.insertsWritten();
      const { name, updatedAt } = toRow(user);
      // The row lock makes a concurrent delete finish first; then no row matches, and the rename is refused.
      const updated = await this.db.update(users).set({ name, updatedAt }).where(eq(users.id, user.id)).returning({ id: users.id });
      if (updated.length === 0) throw new UserNotFound();
    });
  }

  override remove(id: string): Promise<void> {
    return guardStore(async () => {
      await this.insertsWritten();
      const removed = await this.db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
      if (removed.length === 0) throw new UserNotFound();
    });
  }

  override findById(id: string): Promise<User | null> {
    return guardStore(async () => {
      await this.insertsWritten();
      const query = this.db.select().from(users).where(eq(users.id, id)).limit(1);
      const [row] = await (this.options.lockRead ? query.for('update') : query);
      return row ? toUser(row) : null;
    });
  }

  override list(limit: number, after: UserPosition | null): Promise<User[]> {
    return guardStore(async () => {
      await this.insertsWritten();
      const rows = await this.db
        .select()
        .from(users)
        .where(olderThan(after))
        .orderBy(...newestFirst)
        .limit(limit);
      return rows.map(toUser);
    });
  }

  /** Users other units of the batch inserted are written before this reads or changes the table. */
  private async insertsWritten(): Promise<void> {
    await this.options.inserts?.flush();
  }
}
