import { RecordedEvent } from '../../shared/application/recorded-event.js';

/** A recorded event as it travels between instances, stamped with the deployment whose log it is in. */
interface WireEvent {
  readonly deployment: string;
  readonly position: number;
  readonly type: string;
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly payload: Record<string, unknown>;
}

export function encodeWireEvent(deployment: string, event: RecordedEvent): string {
  const wire: WireEvent = {
    deployment,
    position: event.position,
    type: event.type,
    aggregateId: event.aggregateId,
    occurredAt: event.occurredAt.toISOString(),
    payload: { ...event.payload },
  };
  return JSON.stringify(wire);
}

/** The event a message carries when it is a well-formed one of this deployment's, otherwise null. */
export function decodeWireEvent(deployment: string, message: string): RecordedEvent | null {
  let wire: Partial<WireEvent>;
  try {
    wire = JSON.parse(message) as Partial<WireEvent>;
  } catch {
    return null;
  }
  if (wire === null || typeof wire !== 'object' || wire.deployment !== deployment) return null;
  const { position, type, aggregateId, occurredAt, payload } = wire;
  if (!Number.isSafeInteger(position) || (position as number) < 1) return null;
  if (typeof type !== 'string' || typeof aggregateId !== 'string' || typeof occurredAt !== 'string') return null;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const at = new Date(occurredAt);
  if (Number.isNaN(at.getTime())) return null;
  return new RecordedEvent(position as number, type, aggregateId, at, payload);
}
