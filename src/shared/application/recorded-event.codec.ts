import { RecordedEvent } from './recorded-event.js';

/** A recorded event in JSON's terms: what crosses a process boundary. */
export interface RecordedEventPrimitives {
  readonly position: number;
  readonly type: string;
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly payload: Readonly<Record<string, string>>;
}

/** Each event type a codec knows, with every field its payload holds; each field holds a string. */
export type EventPayloadFields = Readonly<Record<string, readonly string[]>>;

/** The part of a would-be event that is wrong: a small fixed set, fit for a metric label. */
export type MalformedPart = 'shape' | 'position' | 'type' | 'aggregate-id' | 'occurred-at' | 'payload';

export class MalformedRecordedEvent extends Error {
  constructor(readonly part: MalformedPart) {
    super(`not a recorded event: its ${part} is malformed`); // never the value: it may be anything, and reaches the logs
  }
}

const FIELDS: readonly string[] = ['position', 'type', 'aggregateId', 'occurredAt', 'payload'];
// Lower case, as randomUUID() and PostgreSQL's uuid write it.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Turns recorded events into primitives and back, refusing anything that is not one of the known events
 * exactly: a position the log could give, a known type, a UUID, an ISO instant that reads back the same,
 * and the type's payload fields as strings, nothing more. What goes onto an SSE line unescaped (the type)
 * is therefore always one of a fixed few.
 */
export class RecordedEventCodec {
  private readonly payloadFields: ReadonlyMap<string, readonly string[]>;

  constructor(payloadFields: EventPayloadFields) {
    this.payloadFields = new Map(Object.entries(payloadFields));
  }

  /** Throws MalformedRecordedEvent for an event fromPrimitives would refuse: the sender finds out, not the receivers. */
  toPrimitives({ position, type, aggregateId, occurredAt, payload }: RecordedEvent): RecordedEventPrimitives {
    if (Number.isNaN(occurredAt.getTime())) throw new MalformedRecordedEvent('occurred-at');
    return this.check({ position, type, aggregateId, occurredAt: occurredAt.toISOString(), payload });
  }

  /** Throws MalformedRecordedEvent for anything but the primitives of a known event. */
  fromPrimitives(value: unknown): RecordedEvent {
    const { position, type, aggregateId, occurredAt, payload } = this.check(value);
    return new RecordedEvent(position, type, aggregateId, new Date(occurredAt), payload);
  }

  private check(value: unknown): RecordedEventPrimitives {
    if (!hasExactly(value, FIELDS)) throw new MalformedRecordedEvent('shape');
    const { position, type, aggregateId, occurredAt, payload } = value;
    if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 1) throw new MalformedRecordedEvent('position');
    const fields = typeof type === 'string' ? this.payloadFields.get(type) : undefined;
    if (typeof type !== 'string' || fields === undefined) throw new MalformedRecordedEvent('type');
    if (typeof aggregateId !== 'string' || !UUID.test(aggregateId)) throw new MalformedRecordedEvent('aggregate-id');
    if (typeof occurredAt !== 'string' || !isIsoInstant(occurredAt)) throw new MalformedRecordedEvent('occurred-at');
    if (!hasExactly(payload, fields)) throw new MalformedRecordedEvent('payload');
    // A fresh object of the known fields only: nothing of the input's own object is kept.
    const strings = Object.fromEntries(fields.map((field) => [field, payload[field]]));
    if (!holdsStrings(strings)) throw new MalformedRecordedEvent('payload');
    return { position, type, aggregateId, occurredAt, payload: strings };
  }
}

/** A plain object whose own keys are exactly these (JSON.parse makes "__proto__" an own key, which this refuses). */
function hasExactly(value: unknown, keys: readonly string[]): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const own = Reflect.ownKeys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

function holdsStrings(record: Readonly<Record<string, unknown>>): record is Readonly<Record<string, string>> {
  return Object.values(record).every((value) => typeof value === 'string');
}

function isIsoInstant(text: string): boolean {
  const at = new Date(text);
  return !Number.isNaN(at.getTime()) && at.toISOString() === text;
}
