import { MalformedRecordedEvent, type MalformedPart, RecordedEventCodec } from '../../shared/application/recorded-event.codec.js';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { KNOWN_EVENTS } from '../application/known-events.js';

// Only the known events, each with exactly its fields, may cross between instances.
const codec = new RecordedEventCodec(KNOWN_EVENTS.payloadFields);

// Far above any event Herald records (a name holds 100 characters, an email 254): a bigger message is not parsed.
const MAX_MESSAGE_LENGTH = 64 * 1024;

/** Why a message between instances is not delivered: a small fixed set, the label of the dropped-messages metric. */
export type DropReason = MalformedPart | 'too-large' | 'not-json' | 'other-deployment';

export type Dropped = { readonly dropped: DropReason };

/** The fields of a message that is a JSON object stamped with this deployment, the stamp taken off; never throws for any message. */
export function readWireMessage(deployment: string, message: string): { readonly fields: Record<string, unknown> } | Dropped {
  if (message.length > MAX_MESSAGE_LENGTH) return { dropped: 'too-large' };
  let wire: unknown;
  try {
    wire = JSON.parse(message);
  } catch {
    return { dropped: 'not-json' };
  }
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return { dropped: 'shape' };
  const { deployment: sender, ...fields } = wire as Record<string, unknown>;
  if (sender !== deployment) return { dropped: 'other-deployment' };
  return { fields };
}

/** A recorded event in the primitives that travel between instances; throws for an event a receiver would drop. */
export const eventToPrimitives = (event: RecordedEvent): object => codec.toPrimitives(event);

/** The event these primitives describe when they are exactly a known event's, otherwise the part that is wrong. */
export function eventFromPrimitives(primitives: unknown): { readonly event: RecordedEvent } | Dropped {
  try {
    return { event: codec.fromPrimitives(primitives) };
  } catch (error) {
    if (error instanceof MalformedRecordedEvent) return { dropped: error.part };
    throw error;
  }
}
