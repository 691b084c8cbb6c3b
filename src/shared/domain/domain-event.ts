/** Something that happened to an aggregate, in the past tense, before it has a place in the event log. */
export abstract class DomainEvent<P extends object = object> {
  abstract readonly type: string;

  constructor(
    readonly aggregateId: string,
    readonly occurredAt: Date,
    readonly payload: P,
  ) {}
}
