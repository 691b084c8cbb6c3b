import { MalformedRecordedEvent, type MalformedPart, RecordedEventCodec } from '../../shared/application/recorded-event.codec.js';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { KNOWN_EVENTS } from '../application/known-events.js';

// Only the known events, each with exactly its fields, may cross between instances.
const codec = new RecordedEventCodec(KNOWN_EVENTS.payloadFields);

// Far above any event Herald records (a name holds 100 characters, an email 254): a bigger message is not parsed.
const MAX_MESSAGE_LENGTH = 64 * 1024;

/** Why a message on the channel is not delivered: a small fixed set, the label of the dropped-messages metric. */
export type DropReason = MalformedPart | 'too-large' | 'not-json' | 'other-deployment';

export type WireDecoding = { readonly event: RecordedEvent; readonly dropped?: never } | { readonly dropped: DropReason; readonly event?: never };

/** A recorded event as it travels between instances: its primitives, stamped with the deployment whose log it is in. */
export function encodeWireEvent(deployment: string, event: RecordedEvent): string {
  return JSON.stringify({ deployment, ...codec.toPrimitives(event) });
}

/** The event a message carries when it is a well-formed one of this deployment's, otherwise why it is not; never throws for any message. */
export function decodeWireEvent(deployment: string, message: string): WireDecoding {
  if (message.length > MAX_MESSAGE_LENGTH) return { dropped: 'too-large' };
  let wire: unknown;
  try {
    wire = JSON.parse(message);
  } catch {
    return { dropped: 'not-json' };
  }
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return { dropped: 'shape' };
  const { deployment: sender, ...primitives } = wire as Record<string, unknown>;
  if (sender !== deployment) return { dropped: 'other-deployment' };
  try {
    return { event: codec.fromPrimitives(primitives) };
  } catch (error) {
    if (error instanceof MalformedRecordedEvent) return { dropped: error.part };
    throw error;
  }
}
