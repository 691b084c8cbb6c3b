import { Injectable } from '@nestjs/common';
import { erasesEarlierEvents } from './erasure.js';
import type { EncodedEvent } from './ports/event-encoder.js';
import { StreamLimits } from './ports/stream-limits.js';
import type { LiveEvent } from './stream-item.js';

// A few seconds of a busy feed: where most resumes (a dropped connection, a tab woken up) land.
const WINDOW_EVENTS = 2048;
const WINDOW_BYTES = 2 * 1024 * 1024;

/**
 * The newest events of the live feed, already encoded, shared by every stream: a resume that reaches back no
 * further costs no query and no encoding. Bounded by count (never more than SSE_REPLAY_LIMIT, so that what it
 * holds is always retained) and by bytes; the oldest go first. A user's deletion starts it over: the
 * user's earlier events in the log have lost their email, and the copies here would still show it.
 */
@Injectable()
export class RecentEvents {
  private readonly capacity: number;
  private readonly ring: (EncodedEvent | undefined)[];
  private oldest = 1;
  private newest = 0;
  private bytes = 0;

  constructor(limits: StreamLimits) {
    this.capacity = Math.min(WINDOW_EVENTS, limits.replayLimit);
    this.ring = new Array<EncodedEvent | undefined>(this.capacity);
  }

  /** The feed's next event, which follows the newest held (or starts the window over, when it does not). */
  add({ event }: LiveEvent): void {
    if (event.position !== this.newest + 1 || erasesEarlierEvents(event)) this.restartAt(event.position);
    while (event.position - this.oldest >= this.capacity) this.dropOldest();
    this.ring[event.position % this.capacity] = event;
    this.newest = event.position;
    this.bytes += event.bytes;
    while (this.bytes > WINDOW_BYTES && this.oldest < this.newest) this.dropOldest();
  }

  /** Whether the event at this position is held; then so is every one after it. */
  holds(position: number): boolean {
    return position >= this.oldest && position <= this.newest;
  }

  /** The held event at this position (check holds() first). */
  at(position: number): EncodedEvent {
    return this.ring[position % this.capacity]!;
  }

  get newestPosition(): number {
    return this.newest;
  }

  private dropOldest(): void {
    const index = this.oldest % this.capacity;
    this.bytes -= this.ring[index]?.bytes ?? 0;
    this.ring[index] = undefined;
    this.oldest += 1;
  }

  private restartAt(position: number): void {
    this.ring.fill(undefined);
    this.bytes = 0;
    this.oldest = position;
  }
}
