import type { MessageEvent } from '@nestjs/common';
import type { RecordedEvent } from '../../../shared/application/recorded-event.js';
import { type Audience, holdsPersonalData, withoutPersonalData } from '../../application/audience.js';
import type { EncodedEvent } from '../../application/ports/event-encoder.js';
import { STREAM_RESET } from '../../application/stream-item.js';
import { chunkBody, chunkOf } from './http-chunk.js';

/** A message for Nest's SSE writer, with the exact number of bytes that writer puts on the wire for it. */
export interface SseMessage {
  readonly message: MessageEvent;
  readonly bytes: number;
  /** A domain event (counted as delivered), not the opening, a reset or a heartbeat. */
  readonly isEvent: boolean;
}

/** A domain event as Nest's writer takes it: built once per event, sent as it is by every connection. */
export class SseEvent implements EncodedEvent, SseMessage {
  readonly isEvent = true;
  private withoutPersonal: SseEvent | null = null;
  private chunkBytes: Buffer | null = null;
  private wireBytes: Buffer | null = null;

  constructor(
    readonly position: number,
    readonly type: string,
    readonly message: MessageEvent,
    readonly bytes: number,
    /** The event without personal data; null when it holds none, and then this encoding serves everyone. */
    private readonly recordedWithoutPersonal: RecordedEvent | null = null,
  ) {}

  /**
   * The bytes on the wire as one HTTP/1.1 chunk, made on first use and then written as they are to every socket
   * of a chunked body (the direct writer).
   */
  get chunk(): Buffer {
    this.chunkBytes ??= chunkOf(Buffer.from(wireText(this.message)));
    return this.chunkBytes;
  }

  /** The bytes on the wire unframed, for a body that is not chunked: the chunk's own bytes, not a second copy. */
  get wire(): Buffer {
    this.wireBytes ??= chunkBody(this.chunk);
    return this.wireBytes;
  }

  as(audience: Audience): SseEvent {
    if (audience === 'everything' || this.recordedWithoutPersonal === null) return this;
    this.withoutPersonal ??= eventMessage(this.recordedWithoutPersonal);
    return this.withoutPersonal;
  }
}

/** An event's SSE message, able to give its form without personal data (encoded on first use, once). */
export function encodedEvent(recorded: RecordedEvent): SseEvent {
  const { position, type, message, bytes } = eventMessage(recorded);
  return new SseEvent(position, type, message, bytes, holdsPersonalData(recorded) ? withoutPersonalData(recorded) : null);
}

export function eventMessage(recorded: RecordedEvent): SseEvent {
  const { aggregateId: id, payload, occurredAt } = recorded;
  // Payload keys sorted: the same event reads the same live and replayed (jsonb reorders keys).
  const sorted = Object.fromEntries(Object.entries(payload).sort(([a], [b]) => (a < b ? -1 : 1)));
  const message: MessageEvent = {
    id: String(recorded.position),
    type: singleLine(recorded.type),
    data: JSON.stringify({ id, ...sorted, occurredAt: occurredAt.toISOString() }),
  };
  return new SseEvent(recorded.position, recorded.type, message, wireBytes(message));
}

export function openingMessage(position: number, retryMs: number): SseMessage {
  // Its own id: Nest would otherwise number it "1" and poison the browser's Last-Event-ID.
  return sized({ id: String(position), retry: retryMs });
}

/** lastEventId as the client sent it (in decimal), which may be past any position a number holds exactly. */
export function resetMessage(lastEventId: string, resumeFrom: number): SseMessage {
  return sized({
    id: String(resumeFrom),
    type: STREAM_RESET,
    data: JSON.stringify({ lastEventId, resumeFrom }),
  });
}

export const HEARTBEAT: SseMessage = sized({ comment: 'heartbeat' });

function singleLine(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('an SSE field value must not contain CR or LF');
  return value;
}

function sized(message: MessageEvent): SseMessage {
  return { message, bytes: wireBytes(message), isEvent: false };
}

/** The byte length of a message on the wire. */
function wireBytes(message: MessageEvent): number {
  return Buffer.byteLength(wireText(message));
}

/**
 * A message framed as Nest's writer frames it (router/sse-stream.js formatMessage): "event:", "id:", "retry:",
 * comment lines, one "data:" line per line of data, then a blank line. JSON data is always one line,
 * since JSON.stringify escapes CR and LF. sse-message.spec.ts holds this to Nest's own writer.
 */
export function wireText(message: MessageEvent): string {
  const lines: string[] = [];
  if (message.type !== undefined) lines.push(`event: ${message.type}`);
  if (message.id !== undefined) lines.push(`id: ${message.id}`);
  if (message.retry !== undefined) lines.push(`retry: ${message.retry}`);
  if (message.comment !== undefined) for (const line of message.comment.split(/\r\n|\r|\n/)) lines.push(`: ${line}`);
  if (typeof message.data === 'string') for (const line of message.data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return lines.join('\n') + '\n\n';
}
