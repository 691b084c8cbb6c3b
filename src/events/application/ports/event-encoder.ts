import type { RecordedEvent } from '../../../shared/application/recorded-event.js';
import type { Audience } from '../audience.js';

/** An event in the form it goes out in: built once, then sent as it is by every stream. */
export interface EncodedEvent {
  readonly position: number;
  readonly type: string;
  /** Its size on the wire: what the byte limits of the window and of each stream count. */
  readonly bytes: number;
  /** The event as that audience may see it: itself, or its other encoding, built once on first use. */
  as(audience: Audience): EncodedEvent;
}

/** Puts recorded events in the wire form of the streams; the adapter owns the format. */
export abstract class EventEncoder {
  abstract encode(event: RecordedEvent): EncodedEvent;
}
