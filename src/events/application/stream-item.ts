import type { RecordedEvent } from '../../shared/application/recorded-event.js';

/** What one subscriber's stream carries, before any wire format. */
export type StreamItem =
  /** First on every stream: the log position it starts from. */
  | { readonly kind: 'opening'; readonly position: number }
  /** The log cannot continue from lastEventId without a hole; the stream goes on from resumeFrom. */
  | { readonly kind: 'reset'; readonly lastEventId: string; readonly resumeFrom: number }
  | { readonly kind: 'event'; readonly event: RecordedEvent; readonly live: boolean };

export const STREAM_RESET = 'stream.reset';
