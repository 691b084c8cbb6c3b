import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '../../../shared/application/recorded-event.js';
import { type EncodedEvent, EventEncoder } from '../../application/ports/event-encoder.js';
import { encodedEvent, SseEvent } from './sse-message.js';

/** Encodes each event once into Nest's SSE message, for the feed's window and the replay pages. */
@Injectable()
export class SseEventEncoder extends EventEncoder {
  override encode(event: RecordedEvent): SseEvent {
    return encodedEvent(event);
  }
}

/** The SSE message of an encoded event: the events module wires SseEventEncoder, so every event is one. */
export function sseEvent(event: EncodedEvent): SseEvent {
  if (event instanceof SseEvent) return event;
  throw new TypeError(`event ${event.position} was not encoded by SseEventEncoder`);
}
