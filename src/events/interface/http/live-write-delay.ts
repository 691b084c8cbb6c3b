import type { StreamMetrics } from '../../application/ports/stream-metrics.js';
import type { SseMessage } from './sse-message.js';

/** A live event waiting in one connection's queue, with when it reached this instance. */
export interface QueuedLiveEvent extends SseMessage {
  readonly event: SseMessage;
  readonly committedAt: number;
}

export const queuedLive = (event: SseMessage, committedAt: number): QueuedLiveEvent => ({ message: event.message, bytes: event.bytes, isEvent: true, event, committedAt });

export const isQueuedLive = (message: SseMessage): message is QueuedLiveEvent => 'committedAt' in message;

let lastObserved: SseMessage | null = null;

/**
 * Observes commit-to-write once per event per turn, not once per connection: the feed hands an event to every
 * stream before the next one, and what a turn hands over leaves in one write per socket (outlet.ts).
 */
export function observeLiveWrite(event: SseMessage, committedAt: number | undefined, metrics: StreamMetrics): void {
  if (committedAt === undefined || event === lastObserved) return;
  if (lastObserved === null) setImmediate(() => (lastObserved = null));
  lastObserved = event;
  metrics.liveEventWritten((performance.now() - committedAt) / 1000);
}
