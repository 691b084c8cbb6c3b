import type { DomainEvent } from './domain-event.js';

/**
 * Records what happened; whoever stores the aggregate pulls the events and decides when they are published.
 * E is every event the aggregate can record: the union its module describes to clients (EventCatalog).
 */
export abstract class AggregateRoot<E extends DomainEvent = DomainEvent> {
  private pending: E[] = [];

  protected record(event: E): void {
    this.pending.push(event);
  }

  pullEvents(): readonly E[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
