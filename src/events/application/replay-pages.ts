import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { EventLog } from '../../shared/application/event-log.js';
import { erasesEarlierEvents } from './erasure.js';
import { OrderedEventFeed } from './ordered-event-feed.js';
import { EventEncoder, type EncodedEvent } from './ports/event-encoder.js';

const PAGE_EVENTS = 500;
// Streams that resume together drift apart as they go: the slower ones find the pages the faster ones read,
// across the whole stretch of a wave (10,000 events of ~260 bytes are 2.6 MB). A page read again per stream
// is a query per stream again: 200 resumes 10,000 behind read 1,422 pages when only 8 were kept.
const KEPT_BYTES = 8 * 1024 * 1024;
// A wave of resumes must leave the database, and the pool's connections, to the writes.
const READS_AT_ONCE = 2;

const ignore = (): void => undefined;
const sizeOf = (events: readonly EncodedEvent[]) => events.reduce((sum, event) => sum + event.bytes, 0);

/**
 * The log as the replays read it: in pages of PAGE_EVENTS positions, aligned, so that the streams that replay
 * the same stretch share each page, read and encoded once for all of them. A user's deletion, as the feed
 * delivers it, lets go of every page kept or being read: they may hold its email, which the log no longer does.
 */
@Injectable()
export class ReplayPages implements OnModuleDestroy {
  private readonly reading = new Map<number, Promise<readonly EncodedEvent[]>>();
  // Full pages, the least recently used first.
  private readonly kept = new Map<number, readonly EncodedEvent[]>();
  private keptBytes = 0;
  private erasures = 0;
  private readsRunning = 0;
  private readonly readsWaiting: (() => void)[] = [];
  private readonly deletions: Subscription;

  constructor(
    private readonly log: EventLog,
    private readonly encoder: EventEncoder,
    feed: OrderedEventFeed,
  ) {
    this.deletions = feed.events$.subscribe(({ event }) => {
      if (erasesEarlierEvents(event)) this.forgetAll();
    });
  }

  onModuleDestroy(): void {
    this.deletions.unsubscribe();
  }

  /** The events of the page that holds position after + 1, oldest first; with it, whenever the log has it. */
  async after(after: number): Promise<readonly EncodedEvent[]> {
    const index = Math.floor(after / PAGE_EVENTS);
    const kept = this.kept.get(index);
    if (kept) {
      this.kept.delete(index);
      this.kept.set(index, kept);
      return kept;
    }
    const page = await this.shared(index);
    // A read that began before after + 1 was committed: this caller needs a newer one.
    return (page.at(-1)?.position ?? 0) > after ? page : this.read(index);
  }

  private shared(index: number): Promise<readonly EncodedEvent[]> {
    const shared = this.reading.get(index);
    if (shared) return shared;
    const erasures = this.erasures;
    const page: Promise<readonly EncodedEvent[]> = this.read(index).finally(() => {
      if (this.reading.get(index) === page) this.reading.delete(index);
    });
    page.then((events) => events.length === PAGE_EVENTS && erasures === this.erasures && this.keep(index, events), ignore);
    this.reading.set(index, page);
    return page;
  }

  private forgetAll(): void {
    this.erasures += 1;
    this.reading.clear();
    this.kept.clear();
    this.keptBytes = 0;
  }

  private keep(index: number, events: readonly EncodedEvent[]): void {
    this.kept.set(index, events);
    this.keptBytes += sizeOf(events);
    for (const [oldest, page] of this.kept) {
      if (this.keptBytes <= KEPT_BYTES) break;
      this.kept.delete(oldest);
      this.keptBytes -= sizeOf(page);
    }
  }

  private async read(index: number): Promise<readonly EncodedEvent[]> {
    await this.turn();
    try {
      const events = await this.log.readRange(index * PAGE_EVENTS, (index + 1) * PAGE_EVENTS);
      return events.map((event) => this.encoder.encode(event));
    } finally {
      this.readsRunning -= 1;
      this.readsWaiting.shift()?.();
    }
  }

  private turn(): Promise<void> {
    if (this.readsRunning < READS_AT_ONCE) {
      this.readsRunning += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.readsWaiting.push(() => {
        this.readsRunning += 1;
        resolve();
      }),
    );
  }
}
