import { Logger, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { StreamMetrics } from '../../application/ports/stream-metrics.js';
import type { RecordedEvent } from '../../../shared/application/recorded-event.js';
import type { StreamItem } from '../../application/stream-item.js';
import { heartbeats } from './heartbeats.js';
import type { Outlet } from './outlet.js';
import { eventMessage, HEARTBEAT, openingMessage, resetMessage, type SseMessage } from './sse-message.js';

export interface SseConnectionOptions {
  readonly outlet: Outlet;
  readonly metrics: StreamMetrics;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly maxBufferBytes: number;
}

const logger = new Logger('EventStream');

// Bytes handed to Nest's writer ahead of the client. More would only move the queue out of our sight.
const HIGH_WATER_BYTES = 64 * 1024;

interface Queued {
  readonly message: SseMessage;
  readonly live: boolean;
  readonly isEvent: boolean;
}

/**
 * Turns one subscriber's stream items into Nest's SSE messages at the pace the client reads.
 * Replayed events are read from the log and wait for room; live events that would push the bytes
 * queued for the client past maxBufferBytes end the connection instead, so that one client that
 * does not read never holds memory or slows the rest. It resumes with Last-Event-ID.
 */
export function toSseMessages(items: Observable<StreamItem>, options: SseConnectionOptions): Observable<MessageEvent> {
  const { outlet, metrics, heartbeatMs, retryMs, maxBufferBytes } = options;

  return new Observable<MessageEvent>((subscriber) => {
    const queue: Queued[] = [];
    let liveQueuedBytes = 0;
    let lastSentAt = Date.now();
    let stopWaiting: (() => void) | null = null;

    const send = ({ message, isEvent }: Queued) => {
      outlet.handedOver(message.bytes);
      lastSentAt = Date.now();
      subscriber.next(message.event);
      if (isEvent) metrics.eventDelivered();
    };

    const pump = () => {
      stopWaiting?.();
      stopWaiting = null;
      while (queue.length > 0) {
        if (outlet.pending() >= HIGH_WATER_BYTES) {
          stopWaiting = outlet.onProgress(pump);
          return;
        }
        const next = queue.shift() as Queued;
        if (next.live) liveQueuedBytes -= next.message.bytes;
        send(next);
      }
    };

    const enqueue = (entry: Queued) => {
      const pending = outlet.pending();
      if (entry.live && pending + liveQueuedBytes + entry.message.bytes > maxBufferBytes) {
        cutOff();
        return;
      }
      if (queue.length === 0 && pending < HIGH_WATER_BYTES) {
        send(entry);
        return;
      }
      queue.push(entry);
      if (entry.live) liveQueuedBytes += entry.message.bytes;
      if (!stopWaiting) pump();
    };

    // A client that has bytes waiting for it is not idle: another heartbeat would only pile up.
    const beatIfQuiet = (now: number) => {
      if (now - lastSentAt >= heartbeatMs && queue.length === 0 && outlet.pending() < HIGH_WATER_BYTES) send(HEARTBEAT_ENTRY);
    };
    const stopBeating = heartbeats(heartbeatMs).watch(beatIfQuiet);

    const items$ = items.subscribe({
      next: (item) => enqueue(toQueued(item, retryMs)),
      // Nest would write the error as an "error" event with an id of its own, which would poison the client's
      // Last-Event-ID. The stream ends instead, and the client resumes from the last event it has.
      error: (error: unknown) => {
        logger.warn(`stream ended early: ${error instanceof Error ? error.message : String(error)}`);
        subscriber.complete();
      },
      complete: () => subscriber.complete(),
    });

    function cutOff(): void {
      metrics.connectionDropped();
      teardown();
      outlet.cut();
    }

    function teardown(): void {
      stopBeating();
      stopWaiting?.();
      items$.unsubscribe();
      queue.length = 0;
    }

    return teardown;
  });
}

const HEARTBEAT_ENTRY: Queued = { message: HEARTBEAT, live: false, isEvent: false };
const liveEntries = new WeakMap<RecordedEvent, Queued>();

function toQueued(item: StreamItem, retryMs: number): Queued {
  switch (item.kind) {
    case 'opening':
      return { message: openingMessage(item.position, retryMs), live: false, isEvent: false };
    case 'reset':
      return { message: resetMessage(item.lastEventId, item.resumeFrom), live: false, isEvent: false };
    case 'event':
      return item.live ? liveEntry(item.event) : { message: eventMessage(item.event), live: false, isEvent: true };
  }
}

/** One entry per live event, shared by every connection: nothing is allocated per delivery. */
function liveEntry(event: RecordedEvent): Queued {
  let entry = liveEntries.get(event);
  if (!entry) {
    entry = { message: eventMessage(event), live: true, isEvent: true };
    liveEntries.set(event, entry);
  }
  return entry;
}
