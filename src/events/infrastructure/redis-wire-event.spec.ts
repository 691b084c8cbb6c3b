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
    expect(decodeWireEvent(OURS, encodeWireEvent(OURS, EVENT))).toEqual(EVENT);
  });

  it('is not an event to another deployment', () => {
    expect(decodeWireEvent(THEIRS, encodeWireEvent(OURS, EVENT))).toBeNull();
  });

  it('is not an event when it names no deployment', () => {
    expect(decodeWireEvent(OURS, wire({ deployment: undefined }))).toBeNull();
  });

  it.each([
    ['is not JSON', '{"position":'],
    ['is JSON null', 'null'],
    ['has a position that is a string', wire({ position: '43' })],
    ['has position 0', wire({ position: 0 })],
    ['has no type', wire({ type: undefined })],
    ['has an occurredAt that is no date', wire({ occurredAt: 'yesterday' })],
    ['has an array for a payload', wire({ payload: ['a'] })],
  ])('is not an event when it %s', (_what, message) => {
    expect(decodeWireEvent(OURS, message)).toBeNull();
  });
});
