import type { DomainEvent } from './domain-event.js';

/** Records what happened; whoever stores the aggregate pulls the events and decides when they are published. */
export abstract class AggregateRoot {
  private pending: DomainEvent[] = [];

  protected record(event: DomainEvent): void {
    this.pending.push(event);
  }

  pullEvents(): readonly DomainEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
