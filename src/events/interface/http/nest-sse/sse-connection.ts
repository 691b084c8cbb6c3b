import { Logger, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { StreamMetrics } from '../../../application/ports/stream-metrics.js';
import type { LiveEvent, ReplayPart, StreamItem } from '../../../application/stream-item.js';
import { StreamReport } from '../../../application/stream-report.js';
import { heartbeats } from '../heartbeats.js';
import { isQueuedLive, observeLiveWrite, queuedLive } from '../live-write-delay.js';
import type { Outlet } from './outlet.js';
import { sseEvent } from '../sse-event-encoder.js';
import { HEARTBEAT, openingMessage, resetMessage, type SseMessage } from '../sse-message.js';

export interface SseConnectionOptions {
  readonly outlet: Outlet;
  readonly metrics: StreamMetrics;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly maxBufferBytes: number;
  /** Where the connection counts its events and says why it cut the stream short. */
  readonly report?: StreamReport;
}

const logger = new Logger('EventStream');

// Bytes handed to Nest's writer ahead of the client. More would only move the queue out of our sight.
const HIGH_WATER_BYTES = 64 * 1024;
// The least room worth asking the replay for: smaller parts would cost more asks than they carry.
const PART_MIN_BYTES = 16 * 1024;

/**
 * Turns one subscriber's stream items into Nest's SSE messages at the pace the client reads. The replay is
 * asked for a part at a time, once the last one has gone out, and only as much as fits under the high water
 * and under maxBufferBytes;
 * live events that come meanwhile wait behind it. Every byte held for the client counts, replayed or live:
 * a live event that would take them past maxBufferBytes ends the connection instead, so that one client that
 * does not read never holds memory or slows the rest. It resumes with Last-Event-ID.
 */
export function toSseMessages(items: Observable<StreamItem>, options: SseConnectionOptions): Observable<MessageEvent> {
  const { outlet, metrics, heartbeatMs, retryMs, maxBufferBytes, report = new StreamReport() } = options;

  return new Observable<MessageEvent>((subscriber) => {
    const queue: SseMessage[] = [];
    const behindReplay: SseMessage[] = [];
    let queuedBytes = 0; // of both
    let more: ReplayPart['more'] = null;
    let replaying = true;
    let lastSentAt = Date.now();
    let stopWaiting: (() => void) | null = null;

    const send = (message: SseMessage) => {
      outlet.handedOver(message.bytes);
      lastSentAt = Date.now();
      subscriber.next(message.message);
      if (message.isEvent) {
        metrics.eventDelivered();
        report.delivered += 1;
      }
    };

    const pump = () => {
      stopWaiting?.();
      stopWaiting = null;
      for (;;) {
        const pending = outlet.pending();
        if (pending >= HIGH_WATER_BYTES) {
          stopWaiting = outlet.onProgress(pump);
          return;
        }
        const next = queue.shift();
        if (next) {
          queuedBytes -= next.bytes;
          send(next);
          if (isQueuedLive(next)) observeLiveWrite(next.event, next.committedAt, metrics);
          continue;
        }
        if (!more) return;
        // A part that fits under the high water goes out as it comes, in the replays' turn: none is left
        // for the socket's drain, where 200 of them at once would hold the event loop.
        const room = Math.min(HIGH_WATER_BYTES - pending, maxBufferBytes - pending - queuedBytes);
        if (room < PART_MIN_BYTES && pending > 0) {
          stopWaiting = outlet.onProgress(pump);
          return;
        }
        const ask = more;
        more = null;
        ask(Math.max(1, room));
        return;
      }
    };

    const push = (message: SseMessage, lane: SseMessage[] = queue) => {
      lane.push(message);
      queuedBytes += message.bytes;
    };

    const receiveReplay = (part: ReplayPart) => {
      for (const event of part.events) push(sseEvent(event));
      more = part.more;
      if (more === null && replaying) {
        replaying = false;
        queue.push(...behindReplay.splice(0));
      }
      if (!stopWaiting) pump();
    };

    const receiveLive = ({ event, committedAt }: LiveEvent) => {
      const message = sseEvent(event);
      const pending = outlet.pending();
      if (pending + queuedBytes + message.bytes > maxBufferBytes) return cutOff();
      if (!replaying && queue.length === 0 && pending < HIGH_WATER_BYTES) {
        send(message);
        return observeLiveWrite(message, committedAt, metrics);
      }
      // Only an event that has to wait carries its arrival along: the common case allocates nothing.
      const waiting = committedAt === undefined ? message : queuedLive(message, committedAt);
      if (replaying) return push(waiting, behindReplay);
      push(waiting);
      if (!stopWaiting) pump();
    };

    const receive = (item: StreamItem) => {
      switch (item.kind) {
        case 'opening':
          return receiveControl(openingMessage(item.position, retryMs));
        case 'reset':
          return receiveControl(resetMessage(item.lastEventId, item.resumeFrom));
        case 'replay':
          return receiveReplay(item);
        case 'live':
          return receiveLive(item);
      }
    };
    const receiveControl = (message: SseMessage) => {
      push(message);
      if (!stopWaiting) pump();
    };

    // A client that has bytes waiting for it is not idle: another heartbeat would only pile up.
    const beatIfQuiet = (now: number) => {
      if (now - lastSentAt >= heartbeatMs && queue.length === 0 && outlet.pending() < HIGH_WATER_BYTES) send(HEARTBEAT);
    };
    const stopBeating = heartbeats(heartbeatMs).watch(beatIfQuiet);

    const items$ = items.subscribe({
      next: receive,
      // Nest would write the error as an "error" event with an id of its own, which would poison the client's
      // Last-Event-ID. The stream ends instead, and the client resumes from the last event it has.
      error: (error: unknown) => {
        logger.warn(`stream ended early: ${error instanceof Error ? error.message : String(error)}`);
        report.endedBy('error');
        subscriber.complete();
      },
      complete: () => subscriber.complete(),
    });

    function cutOff(): void {
      report.endedBy('slow-reader');
      metrics.connectionDropped();
      teardown();
      outlet.cut();
    }

    function teardown(): void {
      stopBeating();
      stopWaiting?.();
      items$.unsubscribe();
      queue.length = 0;
      behindReplay.length = 0;
      more = null;
    }

    return teardown;
  });
}
