import { Injectable } from '@nestjs/common';
import type { DomainEvent } from '../domain/domain-event.js';
import { EventLog } from '../application/event-log.js';
import { RecordedEvent } from '../application/recorded-event.js';

interface Erasure {
  readonly aggregateId: string;
  readonly fields: readonly string[];
}

/** The event as it reads once the erasure is applied: a new event, so that whoever holds the old one keeps it whole. */
function erased(event: RecordedEvent, { aggregateId, fields }: Erasure): RecordedEvent {
  if (event.aggregateId !== aggregateId || !fields.some((field) => field in event.payload)) return event;
  const payload = Object.fromEntries(Object.entries(event.payload).filter(([field]) => !fields.includes(field)));
  return new RecordedEvent(event.position, event.type, event.aggregateId, event.occurredAt, payload);
}

function eraseIn(events: RecordedEvent[], erasure: Erasure): void {
  events.forEach((event, index) => (events[index] = erased(event, erasure)));
}

/**
 * The event log in process memory: the zero-set-up default's test double and the reference the
 * contract suite holds the SQL adapters to. Appends made through a transaction() become visible on commit.
 */
@Injectable()
export class InMemoryEventLog extends EventLog {
  private readonly events: RecordedEvent[] = [];

  override async append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    const recorded = events.map((event, index) => RecordedEvent.at(this.events.length + index + 1, event));
    this.events.push(...recorded); // synchronously: concurrent appends never share a position
    return recorded;
  }

  override async erase(aggregateId: string, fields: readonly string[]): Promise<void> {
    eraseIn(this.events, { aggregateId, fields });
  }

  override async readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    const first = Math.max(after, 0);
    return this.events.slice(first, Math.max(first, Math.min(upTo, this.events.length)));
  }

  override async head(): Promise<number> {
    return this.events.length;
  }

  /** Stages appends and erasures until commit(); the caller serialises transactions so staged positions stay gap-free. */
  transaction(): InMemoryEventLogTransaction {
    return new InMemoryEventLogTransaction(this.events);
  }
}

/** Sees its own staged appends and erasures, as a SQL transaction does; others see them once committed. */
export class InMemoryEventLogTransaction extends EventLog {
  private readonly staged: RecordedEvent[] = [];
  private readonly erasures: Erasure[] = [];

  constructor(private readonly committed: RecordedEvent[]) {
    super();
  }

  override async append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    const recorded = events.map((event, index) => RecordedEvent.at(this.committed.length + this.staged.length + index + 1, event));
    this.staged.push(...recorded);
    return recorded;
  }

  override async erase(aggregateId: string, fields: readonly string[]): Promise<void> {
    const erasure = { aggregateId, fields };
    eraseIn(this.staged, erasure);
    this.erasures.push(erasure);
  }

  override async readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    return [...this.committed.map((event) => this.erasures.reduce(erased, event)), ...this.staged].filter(
      (event) => event.position > after && event.position <= upTo,
    );
  }

  override async head(): Promise<number> {
    return this.committed.length + this.staged.length;
  }

  commit(): void {
    for (const erasure of this.erasures) eraseIn(this.committed, erasure);
    this.committed.push(...this.staged);
  }
}
