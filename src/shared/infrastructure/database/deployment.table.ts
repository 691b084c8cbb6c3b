import { sql } from 'drizzle-orm';
import { check, pgTable, smallint, uuid } from 'drizzle-orm/pg-core';

/**
 * One row: the identity of this database, drawn at random by the migration that created it. Instances
 * that share it share the event log, whatever URL each reaches the database by.
 */
export const deployment = pgTable(
  'deployment',
  {
    slot: smallint('slot').primaryKey().default(1),
    id: uuid('id').notNull().defaultRandom(),
  },
  (table) => [check('deployment_single_row', sql`${table.slot} = 1`)],
);
