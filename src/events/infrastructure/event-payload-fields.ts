import type { EventPayloadFields } from '../../shared/application/recorded-event.codec.js';
import { UserCreated, UserDeleted, UserRenamed } from '../../users/domain/user.events.js';

// Every field of the payload type, each named once: a field added to an event or taken from it fails to compile here.
const fieldsOf = <P extends object>(fields: Record<keyof P, true>): readonly string[] => Object.keys(fields);

/** The events that may cross between instances, with the fields of each payload. */
export const EVENT_PAYLOAD_FIELDS: EventPayloadFields = {
  [UserCreated.type]: fieldsOf<UserCreated['payload']>({ email: true, name: true }),
  [UserRenamed.type]: fieldsOf<UserRenamed['payload']>({ name: true, previousName: true }),
  [UserDeleted.type]: fieldsOf<UserDeleted['payload']>({}),
};
