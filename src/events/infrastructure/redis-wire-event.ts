import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { type DropReason, eventFromPrimitives, eventToPrimitives, readWireMessage } from './wire-message.js';

export type { DropReason } from './wire-message.js';

export type WireDecoding = { readonly event: RecordedEvent; readonly dropped?: never } | { readonly dropped: DropReason; readonly event?: never };

/** A recorded event as it travels between instances: its primitives, stamped with the deployment whose log it is in. */
export function encodeWireEvent(deployment: string, event: RecordedEvent): string {
  return JSON.stringify({ deployment, ...eventToPrimitives(event) });
}

/** The event a message carries when it is a well-formed one of this deployment's, otherwise why it is not; never throws for any message. */
export function decodeWireEvent(deployment: string, message: string): WireDecoding {
  const read = readWireMessage(deployment, message);
  return 'dropped' in read ? read : eventFromPrimitives(read.fields);
}
