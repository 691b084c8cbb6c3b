import { Injectable } from '@nestjs/common';
import { EventLog } from '../../shared/application/event-log.js';
import { EventEncoder, type EncodedEvent } from './ports/event-encoder.js';

const PAGE_EVENTS = 500;
// Streams that resume together drift apart a little: the slower ones find the pages the faster ones read.
const PAGES_KEPT = 8;
// A wave of resumes must leave the database, and the pool's connections, to the writes.
const READS_AT_ONCE = 2;

/**
 * The log as the replays read it: in pages of PAGE_EVENTS positions, aligned, so that the streams that replay
 * the same stretch at about the same time share each page, read and encoded once for all of them.
 */
@Injectable()
export class ReplayPages {
  private readonly pages = new Map<number, Promise<readonly EncodedEvent[]>>();
  private reading = 0;
  private readonly turns: (() => void)[] = [];

  constructor(
    private readonly log: EventLog,
    private readonly encoder: EventEncoder,
  ) {}

  /** The events of the page that holds position after + 1, oldest first; with it, whenever the log has it. */
  async after(after: number): Promise<readonly EncodedEvent[]> {
    const index = Math.floor(after / PAGE_EVENTS);
    const page = await this.shared(index);
    // A read that began before after + 1 was committed: this caller needs a newer one.
    return (page.at(-1)?.position ?? 0) > after ? page : this.read(index);
  }

  private shared(index: number): Promise<readonly EncodedEvent[]> {
    const kept = this.pages.get(index);
    if (kept) {
      this.pages.delete(index); // the most recently used go last, the least recently used first
      this.pages.set(index, kept);
      return kept;
    }
    const page = this.read(index);
    this.pages.set(index, page);
    // A page that is not full yet, or that failed, is shared while it is read, and read again after.
    page.then(
      (events) => events.length < PAGE_EVENTS && this.forget(index, page),
      () => this.forget(index, page),
    );
    for (const oldest of this.pages.keys()) if (this.pages.size > PAGES_KEPT) this.pages.delete(oldest);
    return page;
  }

  private forget(index: number, page: Promise<readonly EncodedEvent[]>): void {
    if (this.pages.get(index) === page) this.pages.delete(index);
  }

  private async read(index: number): Promise<readonly EncodedEvent[]> {
    await this.turn();
    try {
      const events = await this.log.readRange(index * PAGE_EVENTS, (index + 1) * PAGE_EVENTS);
      return events.map((event) => this.encoder.encode(event));
    } finally {
      this.reading -= 1;
      this.turns.shift()?.();
    }
  }

  private turn(): Promise<void> {
    if (this.reading < READS_AT_ONCE) {
      this.reading += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.turns.push(() => {
        this.reading += 1;
        resolve();
      }),
    );
  }
}
