import { RecordedEventCodec } from '../../shared/application/recorded-event.codec.js';
import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { Email } from '../../users/domain/email.js';
import { UserName } from '../../users/domain/user-name.js';
import { USER_EVENT_TYPES } from '../../users/domain/user.events.js';
import { User } from '../../users/domain/user.js';
import { EVENT_PAYLOAD_FIELDS } from './event-payload-fields.js';

describe('the events that may cross between instances', () => {
  it('are every event type the users module emits', () => {
    expect(Object.keys(EVENT_PAYLOAD_FIELDS).sort()).toEqual([...USER_EVENT_TYPES].sort());
  });

  it('include every event the user aggregate records, exactly as it records them', () => {
    const at = new Date('2026-12-01T10:00:00.000Z');
    const user = User.register('5c0e8a2b-0000-4000-8000-000000000001', Email.parse('ann@example.com'), UserName.parse('Ann'), at);
    user.rename(UserName.parse('Annie'), at);
    user.delete(at);
    const codec = new RecordedEventCodec(EVENT_PAYLOAD_FIELDS);
    const recorded = user.pullEvents().map((event, index) => RecordedEvent.at(index + 1, event));

    expect(recorded.map(({ type }) => type)).toEqual(['user.created', 'user.renamed', 'user.deleted']);
    for (const event of recorded) expect(codec.fromPrimitives(JSON.parse(JSON.stringify(codec.toPrimitives(event))))).toEqual(event);
  });
});
