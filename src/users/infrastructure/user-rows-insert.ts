import { sql } from 'drizzle-orm';
import type { Drizzle } from '../../shared/infrastructure/database/database.js';
import type { RowsInsert } from '../../shared/infrastructure/database/deferred-inserts.js';
import { rowsOf } from '../../shared/infrastructure/database/rows-of.js';
import type { UserRow } from './user-row.js';
import { users } from './users.table.js';

/**
 * Users in one statement. A row whose email is taken (users_email_lower_key, on lower(email)) is skipped, not an
 * error: it aborts nothing, and the caller answers it as EmailAlreadyTaken. Any other clash is an error still.
 * Plain SQL: Drizzle's onConflictDoNothing() names columns only, and this unique index is on an expression.
 */
export const USER_ROWS_INSERT: RowsInsert<UserRow> = {
  keyOf: (row) => row.id,
  async write(db: Drizzle, rows: readonly UserRow[]): Promise<ReadonlySet<string>> {
    const values = sql.join(
      rows.map(({ id, email, name, createdAt, updatedAt }) => sql`(${id}::uuid, ${email}, ${name}, ${createdAt.toISOString()}::timestamptz, ${updatedAt.toISOString()}::timestamptz)`),
      sql`, `,
    );
    const result = await db.execute(sql`
      INSERT INTO ${users} (id, email, name, created_at, updated_at) VALUES ${values}
      ON CONFLICT ((lower(email))) DO NOTHING
      RETURNING id`);
    return new Set(rowsOf<{ id: string }>(result).map(({ id }) => id));
  },
};
