import { identity, map, type MonoTypeOperatorFunction } from 'rxjs';
import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { KNOWN_EVENTS } from './known-events.js';
import type { StreamItem } from './stream-item.js';

/**
 * Who a stream is for, as far as what an event may show: everything, or everything but personal data
 * (a watcher without users:read). Decided once per stream; each event is encoded at most once per audience.
 */
export type Audience = 'everything' | 'no-personal-data';

const PERSONAL = KNOWN_EVENTS.personalFields;

export const audienceOf = ({ mayReadPersonalData }: { readonly mayReadPersonalData: boolean }): Audience =>
  mayReadPersonalData ? 'everything' : 'no-personal-data';

/** Whether the event holds anything an audience without personal data must not see. */
export function holdsPersonalData(event: RecordedEvent): boolean {
  return PERSONAL.some((field) => Object.hasOwn(event.payload, field));
}

/** The event as the audience without personal data sees it: the same id, type and time, fewer fields. */
export function withoutPersonalData(event: RecordedEvent): RecordedEvent {
  if (!holdsPersonalData(event)) return event;
  const payload = Object.fromEntries(Object.entries(event.payload).filter(([field]) => !PERSONAL.includes(field)));
  return new RecordedEvent(event.position, event.type, event.aggregateId, event.occurredAt, payload);
}

/** A stream's items as its audience may see them; for everything, the items as they are. */
export function shownTo(audience: Audience): MonoTypeOperatorFunction<StreamItem> {
  if (audience === 'everything') return identity;
  return map((item) => {
    switch (item.kind) {
      case 'live':
        return { ...item, event: item.event.as(audience) };
      case 'replay':
        return { ...item, events: item.events.map((event) => event.as(audience)) };
      default:
        return item;
    }
  });
}
