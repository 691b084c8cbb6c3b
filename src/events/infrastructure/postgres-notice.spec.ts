import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { decodeNotice, encodeNotices } from './postgres-notice.js';

const OURS = '7f0c2b4e-1d2a-4c1e-9a57-3b8e0f6d2c11';
const THEIRS = '0b9d3f2a-5e6c-4b7d-8a1f-2c3e4d5f6a7b';
const SENDER = 'a1b2c3d4-0000-4000-8000-000000000001';
const RECEIVER = 'a1b2c3d4-0000-4000-8000-000000000002';

const eventAt = (position: number, name = `User ${position}`): RecordedEvent =>
  new RecordedEvent(position, 'user.created', `5c0e8a2b-0000-4000-8000-${String(position).padStart(12, '0')}`, new Date(Date.UTC(2026, 10, 24, 19, 0, position)), {
    email: `user${position}@example.com`,
    name,
  });

const positions = (payloads: readonly string[]): number[][] =>
  payloads.map((payload) => {
    const notice = decodeNotice(OURS, RECEIVER, payload);
    if (!('events' in notice)) throw new Error(`not delivered: ${JSON.stringify(notice)}`);
    return notice.events.map(({ position }) => position);
  });

describe('a batch as PostgreSQL notifications', () => {
  it('comes back as it was sent, to another instance of the deployment', () => {
    const events = [eventAt(1), eventAt(2), eventAt(3)];
    const [payload, ...more] = encodeNotices(OURS, SENDER, events);

    expect(more).toEqual([]);
    expect(decodeNotice(OURS, RECEIVER, payload!)).toEqual({ events });
  });

  it('is recognised as its own by the instance that sent it, which has delivered it already', () => {
    expect(decodeNotice(OURS, SENDER, encodeNotices(OURS, SENDER, [eventAt(1)])[0]!)).toEqual({ own: true });
  });

  it('is split over as many notifications as PostgreSQL needs (each under 8000 bytes), in position order', () => {
    // Names of 100 characters of 4 bytes each: about 0.6 KB per event, 32 of them (a full batch) far over one payload.
    const events = Array.from({ length: 32 }, (_, index) => eventAt(index + 1, '😀'.repeat(50)));
    const payloads = encodeNotices(OURS, SENDER, events);

    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(positions(payloads).flat()).toEqual(events.map(({ position }) => position));
  });

  it('leaves out an event that no notification can hold, for the receivers to read from the log', () => {
    const huge = new RecordedEvent(2, 'user.created', eventAt(2).aggregateId, eventAt(2).occurredAt, { email: 'big@example.com', name: 'x'.repeat(9000) });

    expect(positions(encodeNotices(OURS, SENDER, [eventAt(1), huge, eventAt(3)]))).toEqual([[1, 3]]);
  });

  it('is nothing at all for no events', () => {
    expect(encodeNotices(OURS, SENDER, [])).toEqual([]);
  });

  const notice = (fields: Record<string, unknown>): string =>
    JSON.stringify({ ...(JSON.parse(encodeNotices(OURS, SENDER, [eventAt(1)])[0]!) as object), ...fields });
  const withEvent = (fields: Record<string, unknown>): string => {
    const [primitives] = (JSON.parse(notice({})) as { events: object[] }).events;
    return notice({ events: [{ ...primitives, ...fields }] });
  };

  it.each([
    ['other-deployment', 'is for another deployment', encodeNotices(THEIRS, SENDER, [eventAt(1)])[0]!],
    ['other-deployment', 'names no deployment', notice({ deployment: undefined })],
    ['too-large', 'is larger than any notification', notice({ events: ['x'.repeat(70_000)] })],
    ['not-json', 'is not JSON', '{"events":'],
    ['not-json', 'is empty', ''],
    ['shape', 'is JSON null', 'null'],
    ['shape', 'is an array', '[]'],
    ['shape', 'names no sender', notice({ origin: undefined })],
    ['shape', 'holds no events', notice({ events: [] })],
    ['shape', 'holds events that are not a list', notice({ events: { 0: 1 } })],
    ['shape', 'has a field no notification has', notice({ role: 'admin' })],
    ['shape', 'has an own "__proto__" key', notice({}).replace('{', '{"__proto__":{"admin":true},')],
    ['shape', 'holds an event with a field no event has', withEvent({ role: 'admin' })],
    ['position', 'holds an event whose position is a string', withEvent({ position: '1' })],
    ['type', 'holds an event with a line break in its type', withEvent({ type: 'user.created\r\nevent: user.deleted' })],
    ['aggregate-id', 'holds an event whose aggregate id is no UUID', withEvent({ aggregateId: 'ann' })],
    ['occurred-at', 'holds an event whose occurredAt is no date', withEvent({ occurredAt: 'yesterday' })],
    ['payload', 'holds an event with an array for a payload', withEvent({ payload: ['a'] })],
  ])('is dropped as %s when it %s', (reason, _what, payload) => {
    expect(decodeNotice(OURS, RECEIVER, payload)).toEqual({ dropped: reason });
  });

  it('is dropped whole when one of its events is malformed: none of it is delivered', () => {
    const [good] = (JSON.parse(notice({})) as { events: object[] }).events;
    expect(decodeNotice(OURS, RECEIVER, notice({ events: [good, { ...good, position: -1 }] }))).toEqual({ dropped: 'position' });
  });
});
