import type { DomainEvent } from '../domain/domain-event.js';

/** A domain event with its position in the event log: what every stream and every instance agrees on. */
export class RecordedEvent {
  constructor(
    readonly position: number,
    readonly type: string,
    readonly aggregateId: string,
    readonly occurredAt: Date,
    readonly payload: Readonly<Record<string, unknown>>,
  ) {}

  /** The event at the position the log gave it. */
  static at(position: number, { type, aggregateId, occurredAt, payload }: DomainEvent): RecordedEvent {
    return new RecordedEvent(position, type, aggregateId, occurredAt, { ...payload });
  }
}
