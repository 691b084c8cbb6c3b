import type { EncodedEvent } from './ports/event-encoder.js';

/** An event as the live feed delivers it: built once by the feed and handed to every stream as it is. */
export interface LiveEvent {
  readonly kind: 'live';
  readonly event: EncodedEvent;
  /**
   * When the broker brought it to this instance, in performance.now() milliseconds: for this instance's own
   * writes, just after their commit. Absent for an event the feed had to read from the log itself.
   */
  readonly committedAt?: number;
}

/**
 * The next events of the replay, in order. more(maxBytes) asks for the part after it, of about maxBytes (at least
 * one event); it is null on the last part. Live events that arrive before the last part go out after it.
 */
export interface ReplayPart {
  readonly kind: 'replay';
  readonly events: readonly EncodedEvent[];
  readonly more: ((maxBytes: number) => void) | null;
}

/** What one subscriber's stream carries, before any wire format. */
export type StreamItem =
  /** First on every stream: the log position it starts from. */
  | { readonly kind: 'opening'; readonly position: number }
  /** The log cannot continue from lastEventId without a hole; the stream goes on from resumeFrom. */
  | { readonly kind: 'reset'; readonly lastEventId: string; readonly resumeFrom: number }
  | ReplayPart
  | LiveEvent;

export const STREAM_RESET = 'stream.reset';
