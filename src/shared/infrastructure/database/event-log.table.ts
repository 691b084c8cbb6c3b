import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const eventLog = pgTable(
  'event_log',
  {
    // Taken from event_log_head by DrizzleEventLog, whose row lock lasts to commit; never a sequence: see the README.
    position: bigint('position', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    aggregateId: uuid('aggregate_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [index('event_log_aggregate_idx').on(table.aggregateId)],
);

/** One row: the last position handed out. Updating it locks it until commit, which orders the appends. */
export const eventLogHead = pgTable(
  'event_log_head',
  {
    id: smallint('id').primaryKey().default(1),
    position: bigint('position', { mode: 'number' }).notNull(),
  },
  (table) => [check('event_log_head_single_row', sql`${table.id} = 1`)],
);
