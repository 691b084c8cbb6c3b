import { and, asc, gt, lte, max, sql } from 'drizzle-orm';
import type { DomainEvent } from '../../domain/domain-event.js';
import { EventLog } from '../../application/event-log.js';
import { RecordedEvent } from '../../application/recorded-event.js';
import type { Drizzle } from './database.js';
import { eventLog, eventLogHead } from './event-log.table.js';
import { rowsOf } from './rows-of.js';
import { guardStore } from './store-errors.js';

/**
 * The event log in PostgreSQL. append() takes its positions from the one-row event_log_head in the
 * same statement that inserts the events; the row stays locked until the surrounding transaction
 * commits, so appends are serialised to commit: positions are gap-free and in commit order, which a
 * sequence cannot promise (a value taken by a transaction that commits later shows up after higher ones).
 */
export class DrizzleEventLog extends EventLog {
  constructor(private readonly db: Drizzle) {
    super();
  }

  /** One statement, so that the lock is held for as short a time as the commit allows. */
  override async append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    const rows = events.map(({ type, aggregateId, occurredAt, payload }) => ({ type, aggregateId, occurredAt, payload }));
    const count = rows.length;
    const result = await this.db.execute(sql`
      WITH head AS (
        UPDATE ${eventLogHead} SET position = position + ${count} WHERE id = 1 RETURNING position - ${count} AS before
      )
      INSERT INTO ${eventLog} (position, type, aggregate_id, occurred_at, payload)
      SELECT head.before + e.ord, e.value->>'type', (e.value->>'aggregateId')::uuid, (e.value->>'occurredAt')::timestamptz, e.value->'payload'
      FROM head, jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(value, ord)
      RETURNING position`);
    const positions = rowsOf<{ position: string | number }>(result).map((row) => Number(row.position));
    // Fewer rows than events means the head row is missing: no position may be handed out for an unwritten event.
    if (positions.length !== events.length) throw new Error(`the event log wrote ${positions.length} of ${events.length} events`);
    const first = Math.min(...positions);
    return events.map((event, index) => RecordedEvent.at(first + index, event));
  }

  /** One UPDATE through event_log_aggregate_idx; rows that hold none of the fields are left unwritten. */
  override async erase(aggregateId: string, fields: readonly string[]): Promise<void> {
    if (fields.length === 0) return;
    const keys = sql`ARRAY[${sql.join(fields.map((name) => sql`${name}`), sql`, `)}]::text[]`;
    await this.db.execute(sql`
      UPDATE ${eventLog} SET payload = payload - ${keys}
      WHERE aggregate_id = ${aggregateId}::uuid AND payload ?| ${keys}`);
  }

  override readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    return guardStore(async () => {
      const rows = await this.db
        .select()
        .from(eventLog)
        .where(and(gt(eventLog.position, after), lte(eventLog.position, upTo)))
        .orderBy(asc(eventLog.position));
      return rows.map((row) => new RecordedEvent(row.position, row.type, row.aggregateId, row.occurredAt, row.payload));
    });
  }

  override head(): Promise<number> {
    return guardStore(async () => {
      const [row] = await this.db.select({ head: max(eventLog.position) }).from(eventLog);
      return Number(row?.head ?? 0);
    });
  }
}
