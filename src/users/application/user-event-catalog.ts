import { EventCatalog } from '../../shared/application/event-catalog.js';
import type { UserEvent } from '../domain/user.events.js';

const EMAIL = {
  description: 'The address, trimmed and lower-cased. Personal: present only for a token with users:read, and erased once the user is deleted.',
  format: 'email',
  personal: true,
} as const;

/**
 * What the users module tells clients of its events: the stream's types= filter, /asyncapi.json and /docs-json
 * all read this. Typed over UserEvent, the union User records: an event or a field left out does not compile.
 */
export const USER_EVENT_CATALOG = EventCatalog.of<UserEvent>({
  'user.created': {
    title: 'User created',
    summary: 'A user was registered (POST /users).',
    fields: { email: EMAIL, name: { description: 'The name, 1 to 100 characters, trimmed.' } },
  },
  'user.renamed': {
    title: 'User renamed',
    summary: "A user's name was changed (PATCH /users/:id).",
    fields: {
      name: { description: 'The new name.' },
      previousName: { description: 'The name before this change.' },
    },
  },
  'user.deleted': {
    title: 'User deleted',
    summary: 'A user was deleted (DELETE /users/:id); its earlier events lose their email in the log.',
    fields: {},
    erasesEarlierEvents: true,
  },
});
