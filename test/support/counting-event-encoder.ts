import { type EncodedEvent, EventEncoder } from '../../src/events/application/ports/event-encoder.js';
import { holdsPersonalData, withoutPersonalData } from '../../src/events/application/audience.js';
import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';

/** Encodes an event as its JSON and counts the encodings: the application's specs need no wire format. */
export class CountingEventEncoder extends EventEncoder {
  encoded = 0;

  override encode(recorded: RecordedEvent): EncodedEvent {
    this.encoded += 1;
    const { position, type, payload } = recorded;
    let withoutPersonal: EncodedEvent | null = null;
    const encoded: EncodedEvent & { readonly payload: unknown } = {
      position,
      type,
      payload,
      bytes: JSON.stringify({ position, type, payload }).length,
      as: (audience) => {
        if (audience === 'everything' || !holdsPersonalData(recorded)) return encoded;
        withoutPersonal ??= this.encode(withoutPersonalData(recorded));
        return withoutPersonal;
      },
    };
    return encoded;
  }
}
