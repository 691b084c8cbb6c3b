import { and, asc, gt, lte, max, sql } from 'drizzle-orm';
import type { DomainEvent } from '../../domain/domain-event.js';
import { EventLog } from '../../application/event-log.js';
import { RecordedEvent } from '../../application/recorded-event.js';
import type { Drizzle } from './database.js';
import { eventLog } from './event-log.table.js';
import { guardStore } from './store-errors.js';

// Any fixed number, the same in every instance: whoever holds it appends next.
const APPEND_LOCK = 7_318_001;

/**
 * The event log in PostgreSQL. append() takes a transaction-scoped advisory lock, so that appends are
 * serialised to commit: positions are then gap-free and in commit order, which a sequence cannot
 * promise (a value taken by a transaction that commits later shows up after higher ones).
 */
export class DrizzleEventLog extends EventLog {
  constructor(private readonly db: Drizzle) {
    super();
  }

  /**
   * Inside the unit of work's transaction this is a savepoint and the lock lasts until that transaction
   * ends; called on its own, it is a transaction of its own.
   */
  override async append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
      const [last] = await tx.select({ head: max(eventLog.position) }).from(eventLog);
      const head = Number(last?.head ?? 0);
      const rows = events.map((event, index) => ({
        position: head + index + 1,
        type: event.type,
        aggregateId: event.aggregateId,
        occurredAt: event.occurredAt,
        payload: { ...event.payload } as Record<string, unknown>,
      }));
      await tx.insert(eventLog).values(rows);
      return rows.map((row) => new RecordedEvent(row.position, row.type, row.aggregateId, row.occurredAt, row.payload));
    });
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
