import { Global, Module } from '@nestjs/common';
import { Clock } from '../application/clock.js';
import { EventLog } from '../application/event-log.js';
import { InMemoryEventLog } from './in-memory-event-log.js';
import { SystemClock } from './system-clock.js';

/** The shared stores and the clock, one instance for every module. */
@Global()
@Module({
  providers: [
    InMemoryEventLog,
    { provide: EventLog, useExisting: InMemoryEventLog },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [EventLog, InMemoryEventLog, Clock],
})
export class PersistenceModule {}
