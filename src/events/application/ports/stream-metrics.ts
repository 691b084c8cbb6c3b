import type { StreamEndReason } from '../stream-report.js';

/** What the stream side reports about itself; the adapter decides how it is exposed. */
export abstract class StreamMetrics {
  abstract connectionOpened(): void;
  abstract connectionClosed(): void;
  /** The server ended a connection whose client did not read. */
  abstract connectionDropped(): void;
  abstract eventPublished(): void;
  abstract eventDelivered(): void;
  /** A message from the broker was not delivered; reason is one of a fixed few, fit for a label. */
  abstract brokerMessageDropped(reason: string): void;
  /** A stream that had opened ended, after that long, for that reason. */
  abstract streamEnded(seconds: number, reason: StreamEndReason): void;
  /** A resume's replay is done: that many events went out before the stream went live. */
  abstract replayed(events: number): void;
  /** A live event was handed to a stream's socket that long after it reached this instance (once per event per write turn, not per connection). */
  abstract liveEventWritten(secondsSinceCommit: number): void;
}
