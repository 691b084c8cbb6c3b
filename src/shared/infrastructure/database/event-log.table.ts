import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const eventLog = pgTable(
  'event_log',
  {
    // Assigned by DrizzleEventLog under a lock held to commit, never by a sequence: see the README.
    position: bigint('position', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    aggregateId: uuid('aggregate_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [index('event_log_aggregate_idx').on(table.aggregateId)],
);
