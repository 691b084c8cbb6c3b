import type { MessageEvent } from '@nestjs/common';
import type { RecordedEvent } from '../../../shared/application/recorded-event.js';
import { STREAM_RESET } from '../../application/stream-item.js';

/** A message for Nest's SSE writer, with the exact number of bytes that writer puts on the wire for it. */
export interface SseMessage {
  readonly event: MessageEvent;
  readonly bytes: number;
}

const encoded = new WeakMap<RecordedEvent, SseMessage>();

/** Encoded once per event and shared by every connection. */
export function eventMessage(recorded: RecordedEvent): SseMessage {
  let message = encoded.get(recorded);
  if (!message) {
    const { aggregateId: id, payload, occurredAt } = recorded;
    // Payload keys sorted: the same event reads the same live and replayed (jsonb reorders keys).
    const sorted = Object.fromEntries(Object.entries(payload).sort(([a], [b]) => (a < b ? -1 : 1)));
    message = sized({
      id: String(recorded.position),
      type: singleLine(recorded.type),
      data: JSON.stringify({ id, ...sorted, occurredAt: occurredAt.toISOString() }),
    });
    encoded.set(recorded, message);
  }
  return message;
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

/**
 * The byte length of Nest's framing (router/sse-stream.js formatMessage): "event:", "id:", "retry:",
 * comment lines, one "data:" line per line of data, then a blank line. JSON data is always one line,
 * since JSON.stringify escapes CR and LF. sse-message.spec.ts holds this to Nest's own writer.
 */
function sized(event: MessageEvent): SseMessage {
  const lines: string[] = [];
  if (event.type !== undefined) lines.push(`event: ${event.type}`);
  if (event.id !== undefined) lines.push(`id: ${event.id}`);
  if (event.retry !== undefined) lines.push(`retry: ${event.retry}`);
  if (event.comment !== undefined) for (const line of event.comment.split(/\r\n|\r|\n/)) lines.push(`: ${line}`);
  if (typeof event.data === 'string') for (const line of event.data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return { event, bytes: Buffer.byteLength(lines.join('\n') + '\n\n') };
}
