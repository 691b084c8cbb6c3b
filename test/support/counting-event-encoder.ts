import { type EncodedEvent, EventEncoder } from '../../src/events/application/ports/event-encoder.js';
import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';

/** Encodes an event as its JSON and counts the encodings: the application's specs need no wire format. */
export class CountingEventEncoder extends EventEncoder {
  encoded = 0;

  override encode({ position, type, payload }: RecordedEvent): EncodedEvent {
    this.encoded += 1;
    return { position, type, bytes: JSON.stringify({ position, type, payload }).length };
  }
}
