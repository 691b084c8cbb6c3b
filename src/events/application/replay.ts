import type { EncodedEvent } from './ports/event-encoder.js';
import type { RecentEvents } from './recent-events.js';
import type { ReplayPages } from './replay-pages.js';

// What one part scans at most, so that a filter that takes little never holds the event loop for long.
const SCAN_EVENTS = 500;

/**
 * One stream's way through its replay, (from, upTo]: from the window of recent events where it reaches back
 * that far, otherwise from the log's shared pages. Each part is read when the stream asks for it.
 */
export class Replay {
  constructor(
    private cursor: number,
    private readonly upTo: number,
    private readonly accepts: (event: EncodedEvent) => boolean,
    private readonly recent: RecentEvents,
    private readonly pages: ReplayPages,
  ) {}

  get done(): boolean {
    return this.cursor >= this.upTo;
  }

  /** The accepted events of the next stretch, about maxBytes of them at most; empty when the filter takes none. */
  async next(maxBytes: number): Promise<EncodedEvent[]> {
    const part: EncodedEvent[] = [];
    let bytes = 0;
    const take = (event: EncodedEvent): boolean => {
      this.cursor = event.position;
      if (this.accepts(event)) {
        part.push(event);
        bytes += event.bytes;
      }
      return bytes < maxBytes && this.cursor < this.upTo;
    };

    if (this.recent.holds(this.cursor + 1)) {
      const end = Math.min(this.upTo, this.recent.newestPosition, this.cursor + SCAN_EVENTS);
      for (let position = this.cursor + 1; position <= end && take(this.recent.at(position)); position += 1);
      return part;
    }
    const from = this.cursor;
    for (const event of await this.pages.after(from)) {
      if (event.position <= this.cursor) continue;
      if (event.position > this.upTo || !take(event)) break;
    }
    if (this.cursor === from) throw new Error(`the log holds no event after ${from}, though its head is at ${this.upTo} or past it`);
    return part;
  }
}
