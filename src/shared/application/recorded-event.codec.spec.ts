import fc from 'fast-check';
import { MalformedRecordedEvent, type MalformedPart, RecordedEventCodec } from './recorded-event.codec.js';
import { RecordedEvent } from './recorded-event.js';

// Every run replays from this seed; a failure prints it with the shrunk case (fc.assert's report).
const SEED = 20_261_201;

const codec = new RecordedEventCodec({ 'user.created': ['email', 'name'], 'user.deleted': [] });
const CREATED = new RecordedEvent(42, 'user.created', '5c0e8a2b-0000-4000-8000-000000000001', new Date('2026-11-24T19:00:00.000Z'), {
  email: 'ann@example.com',
  name: 'Ann',
});
const PRIMITIVES = {
  position: 42,
  type: 'user.created',
  aggregateId: '5c0e8a2b-0000-4000-8000-000000000001',
  occurredAt: '2026-11-24T19:00:00.000Z',
  payload: { email: 'ann@example.com', name: 'Ann' },
};

const withFields = (fields: Record<string, unknown>): Record<string, unknown> => ({ ...PRIMITIVES, ...fields });
const without = (field: string): Record<string, unknown> => Object.fromEntries(Object.entries(PRIMITIVES).filter(([key]) => key !== field));
const withPayload = (payload: unknown): Record<string, unknown> => withFields({ payload });
/** The part fromPrimitives names when it refuses, or null when it accepts. */
function refusal(value: unknown): MalformedPart | null {
  try {
    codec.fromPrimitives(value);
    return null;
  } catch (error) {
    if (error instanceof MalformedRecordedEvent) return error.part;
    throw error;
  }
}

describe('RecordedEventCodec', () => {
  it('turns an event into primitives that survive JSON and back into the same event', () => {
    const primitives = codec.toPrimitives(CREATED);
    expect(primitives).toEqual(PRIMITIVES);
    expect(codec.fromPrimitives(JSON.parse(JSON.stringify(primitives)))).toEqual(CREATED);
  });

  it('accepts a type whose payload has no fields', () => {
    const deleted = new RecordedEvent(43, 'user.deleted', CREATED.aggregateId, CREATED.occurredAt, {});
    expect(codec.fromPrimitives(codec.toPrimitives(deleted))).toEqual(deleted);
  });

  it('keeps a payload value with a line break: the stream writes payloads as JSON, which escapes it', () => {
    expect(codec.fromPrimitives(withPayload({ email: 'ann@example.com', name: 'Ann\r\nevent: x' })).payload).toEqual({
      email: 'ann@example.com',
      name: 'Ann\r\nevent: x',
    });
  });

  it('hands back a payload of its own, not the object it was given', () => {
    const payload = { email: 'ann@example.com', name: 'Ann' };
    const event = codec.fromPrimitives(withPayload(payload));
    expect(event.payload).not.toBe(payload);
    expect(Object.getPrototypeOf(event.payload)).toBe(Object.prototype);
  });

  it.each<[string, unknown, MalformedPart]>([
    ['null', null, 'shape'],
    ['an array', [PRIMITIVES], 'shape'],
    ['a string', JSON.stringify(PRIMITIVES), 'shape'],
    ['an object with a field too many', withFields({ deployment: 'x' }), 'shape'],
    ['an object without a position', without('position'), 'shape'],
    ['an object whose payload is there but undefined', withFields({ payload: undefined }), 'payload'],
    ['an object with an own "__proto__" key', JSON.parse(JSON.stringify(PRIMITIVES).replace('{', '{"__proto__":{"admin":true},')), 'shape'],
    ['a string position', withFields({ position: '42' }), 'position'],
    ['position 0', withFields({ position: 0 }), 'position'],
    ['a negative position', withFields({ position: -1 }), 'position'],
    ['position 2^53, past the exact integers', withFields({ position: 2 ** 53 }), 'position'],
    ['a fractional position', withFields({ position: 1.5 }), 'position'],
    ['position Infinity', withFields({ position: Infinity }), 'position'],
    ['a CR LF in the type', withFields({ type: 'user.created\r\nevent: user.deleted' }), 'type'],
    ['a LF at the end of the type', withFields({ type: 'user.created\n' }), 'type'],
    ['a CR alone in the type', withFields({ type: 'user.created\r' }), 'type'],
    ['an unknown type', withFields({ type: 'user.exploded' }), 'type'],
    ['a type that is a key of every object', withFields({ type: 'constructor' }), 'type'],
    ['a type "__proto__"', withFields({ type: '__proto__' }), 'type'],
    ['a type that is no string', withFields({ type: ['user.created'] }), 'type'],
    ['an aggregate id that is no UUID', withFields({ aggregateId: 'ann' }), 'aggregate-id'],
    ['an aggregate id with a line break after it', withFields({ aggregateId: `${PRIMITIVES.aggregateId}\n` }), 'aggregate-id'],
    ['an aggregate id in upper case', withFields({ aggregateId: PRIMITIVES.aggregateId.toUpperCase() }), 'aggregate-id'],
    ['an aggregate id that is a number', withFields({ aggregateId: 1 }), 'aggregate-id'],
    ['an occurredAt that is no date', withFields({ occurredAt: 'yesterday' }), 'occurred-at'],
    ['an occurredAt of a day February lacks', withFields({ occurredAt: '2026-02-30T10:00:00.000Z' }), 'occurred-at'],
    ['an occurredAt without a time', withFields({ occurredAt: '2026-11-24' }), 'occurred-at'],
    ['an occurredAt in another spelling', withFields({ occurredAt: '2026-11-24T20:00:00+01:00' }), 'occurred-at'],
    ['an occurredAt in milliseconds', withFields({ occurredAt: 1_795_000_000_000 }), 'occurred-at'],
    ['a payload value that is no string', withPayload({ email: 1, name: 'Ann' }), 'payload'],
    ['a payload value that is an object', withPayload({ email: { toString: 'x' }, name: 'Ann' }), 'payload'],
    ['a payload field missing', withPayload({ name: 'Ann' }), 'payload'],
    ['a payload field too many', withPayload({ email: 'ann@example.com', name: 'Ann', role: 'admin' }), 'payload'],
    ['a payload with an own "__proto__" key', withPayload(JSON.parse('{"__proto__":{"polluted":"yes"},"email":"a@b.c","name":"Ann"}')), 'payload'],
    ['a payload that is an array', withPayload(['ann@example.com', 'Ann']), 'payload'],
    ['a payload that is null', withPayload(null), 'payload'],
    ['a payload for another type', withFields({ type: 'user.deleted' }), 'payload'],
  ])('refuses %s', (_what, value, part) => {
    expect(refusal(value)).toBe(part);
  });

  it('refuses to encode an event it would not decode, so that the sender finds out', () => {
    const typed = (type: string) => new RecordedEvent(1, type, CREATED.aggregateId, CREATED.occurredAt, CREATED.payload);
    expect(() => codec.toPrimitives(typed('user.created\n'))).toThrow(MalformedRecordedEvent);
    expect(() => codec.toPrimitives(typed('user.exploded'))).toThrow(MalformedRecordedEvent);
    expect(() => codec.toPrimitives(new RecordedEvent(1, 'user.created', CREATED.aggregateId, new Date(Number.NaN), CREATED.payload))).toThrow(
      MalformedRecordedEvent,
    );
  });

  it('refuses any JSON value but a known event, and never throws anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.jsonValue().map(withPayload),
          fc.dictionary(fc.string(), fc.string()).map(withPayload),
          fc.jsonValue().map((position) => withFields({ position })),
          fc.string().map((type) => withFields({ type })),
        ),
        (value) => {
        const part = refusal(value);
          if (part === null) expect(codec.fromPrimitives(value).type).toMatch(/^user\.(created|deleted)$/);
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
