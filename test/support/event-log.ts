import type { INestApplication } from '@nestjs/common';
import { EventLog } from '../../src/shared/application/event-log.js';
import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';

/** The whole event log of a booted app: the reference a stream is compared with. */
export async function readLog(app: INestApplication): Promise<RecordedEvent[]> {
  const log = app.get(EventLog);
  return log.readRange(0, await log.head());
}

export function logHead(app: INestApplication): Promise<number> {
  return app.get(EventLog).head();
}
