// The one event every server sends: type user.created, a 200-byte one-line JSON data field shaped
// exactly as Herald's encoder writes it ({"id", ...payload keys sorted, "occurredAt"}). The payload is
// user.created's own, email and name as strings and nothing more, so that it passes the codec every
// broker checks an event with; the name starts with the publisher's send time in microseconds since the
// epoch (16 digits), so that a client can compute latency.
import { performance } from 'node:perf_hooks';

export const EVENT_TYPE = 'user.created';
export const DATA_BYTES = 200;
export const AGGREGATE_ID = '30000000-0000-4000-8000-000000000000';
export const EMAIL = 'bench@example.com';

/** Microseconds since the epoch, from the monotonic clock: 16 digits until the year 2286. */
export const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** Where a client finds the send time in the data field: the 16 digits after it. */
export const SENT_AT_MARK = '"name":"';
const skeleton = (name, occurredAt) => JSON.stringify({ id: AGGREGATE_ID, email: EMAIL, name, occurredAt });
const PAD = DATA_BYTES - skeleton(String(nowMicros()), new Date().toISOString()).length;
if (PAD <= 0) throw new Error('payload skeleton too large');
const NAME_PAD = 'x'.repeat(PAD);
const nameAt = (t) => `${t}${NAME_PAD}`;

/** The payload Herald's user.created carries (its encoder adds id and occurredAt around it). */
export const heraldPayload = (t) => ({ email: EMAIL, name: nameAt(t) });

/** The data field the baselines send: byte for byte what Herald's encoder produces for the same event. */
export function eventData(t = nowMicros(), occurredAt = new Date()) {
  const data = JSON.stringify({ id: AGGREGATE_ID, email: EMAIL, name: nameAt(t), occurredAt: occurredAt.toISOString() });
  if (data.length !== DATA_BYTES) throw new Error(`data is ${data.length} bytes, not ${DATA_BYTES}`);
  return data;
}

/** Nest's framing of a message (router/sse-stream.js formatMessage): event, id, data, blank line. */
export const nestFrame = (id, data) => `event: ${EVENT_TYPE}\nid: ${id}\ndata: ${data}\n\n`;

/** The same frame as one HTTP/1.1 chunk, ready for socket.write. */
export function chunk(text) {
  const length = Buffer.byteLength(text);
  return Buffer.from(`${length.toString(16)}\r\n${text}\r\n`, 'latin1');
}

/** The response headers Nest's @Sse() writer sends (router/sse-stream.js commitHeaders), in its order. */
export const NEST_SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  Pragma: 'no-cache',
  Expires: '0',
  'X-Accel-Buffering': 'no',
};
