import { Injectable } from '@nestjs/common';
import { EventLog } from '../../shared/application/event-log.js';

const ignore = (): void => undefined;

/**
 * The head of the log for the resumes that open together: one read at a time. A caller that comes while a
 * read runs shares the next one, which starts after it asked, so that it sees every event the caller may
 * have seen (on this instance or another): a wave of reconnecting clients costs two queries, not one each.
 */
@Injectable()
export class LogHead {
  private running: Promise<number> | null = null;
  private next: Promise<number> | null = null;

  constructor(private readonly log: EventLog) {}

  /** Rejects (StoreUnavailable) when the log does not answer. */
  read(): Promise<number> {
    if (this.running === null) return this.start();
    this.next ??= this.running.then(ignore, ignore).then(() => {
      this.next = null;
      return this.running ?? this.start();
    });
    return this.next;
  }

  private start(): Promise<number> {
    const read = this.log.head().finally(() => {
      if (this.running === read) this.running = null;
    });
    this.running = read;
    return read;
  }
}
