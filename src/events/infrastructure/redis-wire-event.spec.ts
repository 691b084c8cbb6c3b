import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { decodeWireEvent, encodeWireEvent } from './redis-wire-event.js';

const OURS = '7f0c2b4e-1d2a-4c1e-9a57-3b8e0f6d2c11';
const THEIRS = '0b9d3f2a-5e6c-4b7d-8a1f-2c3e4d5f6a7b';
const EVENT = new RecordedEvent(42, 'user.created', '5c0e8a2b-0000-4000-8000-000000000001', new Date('2026-11-24T19:00:00.000Z'), {
  email: 'ann@example.com',
  name: 'Ann',
});

const wire = (fields: Record<string, unknown>): string => JSON.stringify({ ...JSON.parse(encodeWireEvent(OURS, EVENT)), ...fields });

describe('an event on the Redis channel', () => {
  it('comes back as it was sent, to the deployment that sent it', () => {
    expect(decodeWireEvent(OURS, encodeWireEvent(OURS, EVENT))).toEqual({ event: EVENT });
  });

  it('is one line of JSON with the deployment and the event primitives', () => {
    expect(JSON.parse(encodeWireEvent(OURS, EVENT))).toEqual({
      deployment: OURS,
      position: 42,
      type: 'user.created',
      aggregateId: EVENT.aggregateId,
      occurredAt: '2026-11-24T19:00:00.000Z',
      payload: { email: 'ann@example.com', name: 'Ann' },
    });
  });

  it('is not sent when a receiver would drop it', () => {
    expect(() => encodeWireEvent(OURS, new RecordedEvent(1, 'user.created\n', EVENT.aggregateId, EVENT.occurredAt, EVENT.payload))).toThrow();
  });

  it.each([
    ['other-deployment', 'is for another deployment', encodeWireEvent(THEIRS, EVENT)],
    ['other-deployment', 'names no deployment', wire({ deployment: undefined })],
    ['too-large', 'is larger than any event', wire({ payload: { email: 'ann@example.com', name: 'x'.repeat(70_000) } })],
    ['not-json', 'is not JSON', '{"position":'],
    ['not-json', 'is empty', ''],
    ['shape', 'is JSON null', 'null'],
    ['shape', 'is a JSON array', '[]'],
    ['shape', 'has a field no event has', wire({ role: 'admin' })],
    ['shape', 'has an own "__proto__" key', wire({}).replace('{', '{"__proto__":{"admin":true},')],
    ['position', 'has a position that is a string', wire({ position: '43' })],
    ['position', 'has position 0', wire({ position: 0 })],
    ['type', 'has no type', wire({ type: null })],
    ['type', 'has a line break in its type', wire({ type: 'user.created\r\nevent: user.deleted' })],
    ['aggregate-id', 'has an aggregate id that is no UUID', wire({ aggregateId: 'ann' })],
    ['occurred-at', 'has an occurredAt that is no date', wire({ occurredAt: 'yesterday' })],
    ['payload', 'has an array for a payload', wire({ payload: ['a'] })],
  ])('is dropped as %s when it %s', (reason, _what, message) => {
    expect(decodeWireEvent(OURS, message)).toEqual({ dropped: reason });
  });
});
