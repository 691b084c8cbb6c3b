import type { EventBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';

/** Stands in for the CQRS EventBus: keeps what was published, and runs a probe at the moment of publishing. */
export class RecordingEventBus {
  readonly published: RecordedEvent[] = [];

  constructor(private readonly onPublish: () => void = () => undefined) {}

  publishAll(events: readonly RecordedEvent[]): void {
    this.onPublish();
    this.published.push(...events);
  }

  asEventBus(): EventBus {
    return this as unknown as EventBus;
  }
}
