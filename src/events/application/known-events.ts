import { EventCatalog } from '../../shared/application/event-catalog.js';
import { USER_EVENT_CATALOG } from '../../users/application/user-event-catalog.js';

/**
 * Every event type a stream may carry, as the modules that record them describe them: the only place the
 * events module learns of them. A module with events of its own adds its catalog here.
 */
export const KNOWN_EVENTS: EventCatalog = EventCatalog.merge(USER_EVENT_CATALOG);
