import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config.js';
import { EventLog } from '../../shared/application/event-log.js';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { OrderedEventFeed } from './ordered-event-feed.js';
import type { StreamItem } from './stream-item.js';

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
 * One subscriber's stream: the retained events after its Last-Event-ID from the log, then the live
 * feed, with no gap, no duplicate and no reordering across the hand-over.
 */
@Injectable()
export class EventStreams {
  private logCheck: Promise<void> | null = null;

  constructor(
    private readonly log: EventLog,
    private readonly feed: OrderedEventFeed,
    private readonly config: AppConfig,
  ) {}

  /**
   * Rejects (StoreUnavailable) when the log does not answer: checked before a stream opens, while a 503 can still
   * be sent. Streams that open together share one check, so that a wave of reconnecting clients costs one query.
   */
  ensureLogAnswers(): Promise<void> {
    this.logCheck ??= this.log
      .head()
      .then(() => undefined)
      .finally(() => (this.logCheck = null));
    return this.logCheck;
  }

  open({ lastEventId, types }: StreamRequest): Observable<StreamItem> {
    return new Observable<StreamItem>((subscriber) => {
      const accepts = (event: RecordedEvent) => types === null || types.has(event.type);
      const heldBack: RecordedEvent[] = [];
      let last = Number.POSITIVE_INFINITY; // nothing passes until the starting point is known
      let live = false;
      const emit = (event: RecordedEvent, isLive: boolean) => {
        if (event.position <= last) return;
        last = event.position;
        if (accepts(event)) subscriber.next(isLive ? liveItem(event) : { kind: 'event', event, live: false });
      };

      // Subscribed before the log is read: whatever commits meanwhile is in one or the other, or both.
      const livePosition = this.feed.position;
      const liveEvents = this.feed.events$.subscribe({
        next: (event) => (live ? emit(event, true) : heldBack.push(event)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });

      this.startingPoint(lastEventId, livePosition)
        .then(async ({ opening, reset, from, upTo }) => {
          const replay = upTo > from ? await this.log.readRange(from, upTo) : [];
          if (subscriber.closed) return;
          subscriber.next(opening);
          if (reset) subscriber.next(reset);
          last = from;
          for (const event of replay) emit(event, false);
          for (const event of heldBack.splice(0)) emit(event, true);
          live = true;
        })
        .catch((error: unknown) => subscriber.error(error));

      return () => liveEvents.unsubscribe();
    });
  }

  /** livePosition: the feed's position when the stream subscribed; a fresh stream starts there, so it misses nothing committed since. */
  private async startingPoint(lastEventId: bigint | null, livePosition: number): Promise<StartingPoint> {
    if (lastEventId === null) {
      // Everything after the feed's position comes live, in order: a fresh stream costs no query.
      return { opening: { kind: 'opening', position: livePosition }, reset: null, from: livePosition, upTo: livePosition };
    }
    const head = await this.log.head();

    const retainedAfter = Math.max(0, head - this.config.sse.replayLimit);
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

const liveItems = new WeakMap<RecordedEvent, StreamItem>();

/** One item per live event, shared by every stream: fan-out allocates nothing per subscriber. */
function liveItem(event: RecordedEvent): StreamItem {
  let item = liveItems.get(event);
  if (!item) {
    item = { kind: 'event', event, live: true };
    liveItems.set(event, item);
  }
  return item;
}
