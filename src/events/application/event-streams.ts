import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { LogHead } from './log-head.js';
import { OrderedEventFeed } from './ordered-event-feed.js';
import type { EncodedEvent } from './ports/event-encoder.js';
import { StreamLimits } from './ports/stream-limits.js';
import { StreamMetrics } from './ports/stream-metrics.js';
import { RecentEvents } from './recent-events.js';
import { Replay } from './replay.js';
import { ReplayPages } from './replay-pages.js';
import { ReplayTurns } from './replay-turns.js';
import type { ReplayPart, StreamItem } from './stream-item.js';

export interface StreamRequest {
  /** The last position the subscriber has seen, however large; null for a fresh subscriber, which starts at the live feed. */
  readonly lastEventId: bigint | null;
  /** Only these event types; null for all. */
  readonly types: ReadonlySet<string> | null;
}

interface StartingPoint {
  readonly opening: StreamItem;
  readonly reset: StreamItem | null;
  readonly from: number;
  readonly upTo: number;
}

/**
 * One subscriber's stream: the retained events after its Last-Event-ID, a part at a time as it asks, then the
 * live feed, with no gap, no duplicate and no reordering across the hand-over.
 */
@Injectable()
export class EventStreams {
  constructor(
    private readonly feed: OrderedEventFeed,
    private readonly recent: RecentEvents,
    private readonly pages: ReplayPages,
    private readonly head: LogHead,
    private readonly turns: ReplayTurns,
    private readonly limits: StreamLimits,
    private readonly metrics: StreamMetrics,
  ) {}

  /**
   * Rejects (StoreUnavailable) when a resume needs the log and the log does not answer: before the stream
   * opens, while a 503 can still be sent.
   */
  async open({ lastEventId, types }: StreamRequest): Promise<Observable<StreamItem>> {
    const { opening, reset, from, upTo: known } = await this.startingPoint(lastEventId);
    const accepts = (event: EncodedEvent) => types === null || types.has(event.type);

    return new Observable<StreamItem>((subscriber) => {
      // Replayed up to the feed's position now, live after it: whatever commits meanwhile is in one or the other.
      const upTo = Math.max(known, this.feed.position);
      const live = this.feed.events$.subscribe({
        next: (item) => {
          if (item.event.position > upTo && accepts(item.event)) subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });

      const replay = new Replay(from, upTo, accepts, this.recent, this.pages);
      let replayed = 0;
      const part = (events: ReplayPart['events']): ReplayPart => {
        replayed += events.length;
        if (replay.done && lastEventId !== null) this.metrics.replayed(replayed);
        return { kind: 'replay', events, more: replay.done ? null : readNext };
      };
      const readNext = (maxBytes: number) => {
        if (subscriber.closed) return;
        replay.next(maxBytes).then(
          (events) =>
            this.turns.take(() => {
              if (!subscriber.closed) subscriber.next(part(events));
            }),
          (error: unknown) => subscriber.error(error),
        );
      };

      subscriber.next(opening);
      if (reset) subscriber.next(reset);
      subscriber.next(part([])); // the consumer asks for the first part as it has room
      return () => live.unsubscribe();
    });
  }

  private async startingPoint(lastEventId: bigint | null): Promise<StartingPoint> {
    const position = this.feed.position;
    // A fresh stream starts at the feed; a resume within the window of recent events reads it: no query either way.
    if (lastEventId === null) return { opening: { kind: 'opening', position }, reset: null, from: position, upTo: position };
    if (lastEventId <= position && (Number(lastEventId) === position || this.recent.holds(Number(lastEventId) + 1))) {
      const from = Number(lastEventId);
      return { opening: { kind: 'opening', position: from }, reset: null, from, upTo: position };
    }
    // The log may be ahead of this instance's feed (an event published elsewhere): the newer of the two.
    const head = Math.max(await this.head.read(), this.feed.position);

    const retainedAfter = Math.max(0, head - this.limits.replayLimit);
    if (lastEventId >= retainedAfter && lastEventId <= head) {
      const from = Number(lastEventId);
      return { opening: { kind: 'opening', position: from }, reset: null, from, upTo: head };
    }
    // Older than the window: continue just before the oldest retained event. Newer than the head: the log was reset.
    const resumeFrom = lastEventId < retainedAfter ? retainedAfter : head;
    return {
      opening: { kind: 'opening', position: lastEventId < resumeFrom ? Number(lastEventId) : resumeFrom },
      reset: { kind: 'reset', lastEventId: String(lastEventId), resumeFrom },
      from: resumeFrom,
      upTo: head,
    };
  }
}
