import { setTimeout as sleep } from 'node:timers/promises';
import { EventLog } from '../../src/shared/application/event-log.js';
import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';
import type { DomainEvent } from '../../src/shared/domain/domain-event.js';

/** Answers reads a few milliseconds late, so that events commit between a reader's head() and readRange(). */
export class SlowEventLog extends EventLog {
  constructor(
    private readonly log: EventLog,
    private readonly delayMs = 3,
  ) {
    super();
  }

  override append(events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    return this.log.append(events);
  }

  override erase(aggregateId: string, fields: readonly string[]): Promise<void> {
    return this.log.erase(aggregateId, fields);
  }

  override async readRange(after: number, upTo: number): Promise<RecordedEvent[]> {
    await sleep(this.delayMs);
    return this.log.readRange(after, upTo);
  }

  override async head(): Promise<number> {
    await sleep(this.delayMs);
    return this.log.head();
  }
}
