import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { type Dropped, eventFromPrimitives, eventToPrimitives, readWireMessage } from './wire-message.js';

// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
const MAX_PAYLOAD_BYTES = 7999;

/** What a notification on the channel carries: another instance's events, this instance's own, or nothing deliverable. */
export type NoticeDecoding = { readonly events: readonly RecordedEvent[] } | { readonly own: true } | Dropped;

/**
 * A committed batch as notifications: {"deployment", "origin", "events": [primitives...]}, as many events to a
 * payload as fit under PostgreSQL's limit, in position order. origin names the sending instance, which has
 * delivered its events itself. An event too large for a payload of its own (none of Herald's is: under 2 KB), or
 * one a receiver would refuse, is left out: the receivers' feed reads the hole from the log when the next event
 * comes, or at its poll.
 */
export function encodeNotices(deployment: string, origin: string, events: readonly RecordedEvent[]): string[] {
  const head = `${noticePrefix(deployment, origin)}"events":[`;
  const tail = ']}';
  const empty = Buffer.byteLength(head) + tail.length;
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = empty;
  for (const event of events) {
    const part = encodable(event);
    const size = part === null ? Infinity : Buffer.byteLength(part);
    if (part === null || empty + size > MAX_PAYLOAD_BYTES) continue;
    if (parts.length > 0 && bytes + 1 + size > MAX_PAYLOAD_BYTES) {
      payloads.push(head + parts.join(',') + tail);
      parts = [];
      bytes = empty;
    }
    bytes += size + (parts.length > 0 ? 1 : 0);
    parts.push(part);
  }
  if (parts.length > 0) payloads.push(head + parts.join(',') + tail);
  return payloads;
}

/** What every notification this instance sends begins with. */
function noticePrefix(deployment: string, origin: string): string {
  return `{"deployment":${JSON.stringify(deployment)},"origin":${JSON.stringify(origin)},`;
}

/** What a notification holds, for this deployment and this instance (origin); never throws for any payload. */
export function decodeNotice(deployment: string, origin: string, payload: string): NoticeDecoding {
  // Every batch this instance commits comes back to it: known by its first bytes, it is not parsed.
  if (payload.startsWith(noticePrefix(deployment, origin))) return { own: true };
  const read = readWireMessage(deployment, payload);
  if ('dropped' in read) return read;
  const { origin: sender, events, ...unknown } = read.fields;
  if (typeof sender !== 'string' || !Array.isArray(events) || events.length === 0 || Object.keys(unknown).length > 0) return { dropped: 'shape' };
  if (sender === origin) return { own: true };
  const decoded: RecordedEvent[] = [];
  for (const primitives of events) {
    const one = eventFromPrimitives(primitives);
    // One bad event makes the whole notification suspect: none of it is delivered, the log fills the hole.
    if ('dropped' in one) return one;
    decoded.push(one.event);
  }
  return { events: decoded };
}

function encodable(event: RecordedEvent): string | null {
  try {
    return JSON.stringify(eventToPrimitives(event));
  } catch {
    return null;
  }
}
