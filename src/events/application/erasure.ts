import { KNOWN_EVENTS } from './known-events.js';
import type { EncodedEvent } from './ports/event-encoder.js';

/**
 * Whether the event erased personal data from the earlier events of its aggregate in the log (a user's
 * deletion does, in its own unit of work): the copies of those events kept in memory must go with it.
 */
export const erasesEarlierEvents = (event: EncodedEvent): boolean => KNOWN_EVENTS.erasesEarlierEvents(event.type);
