import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [
    // Case-insensitive even for a row written by hand, not only through Email.parse.
    uniqueIndex('users_email_lower_key').on(sql`lower(${table.email})`),
    // The newest-first listing and its keyset cursor.
    index('users_newest_first_idx').on(table.createdAt.desc(), table.id.desc()),
  ],
);
