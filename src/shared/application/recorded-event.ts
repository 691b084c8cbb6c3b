/** A domain event with its position in the event log: what every stream and every instance agrees on. */
export class RecordedEvent {
  constructor(
    readonly position: number,
    readonly type: string,
    readonly aggregateId: string,
    readonly occurredAt: Date,
    readonly payload: Readonly<Record<string, unknown>>,
  ) {}
}
