import { EventCatalog } from '../../shared/application/event-catalog.js';
import { RecordedEventCodec } from '../../shared/application/recorded-event.codec.js';
import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { Email } from '../domain/email.js';
import { UserName } from '../domain/user-name.js';
import { USER_PERSONAL_FIELDS, type UserEvent } from '../domain/user.events.js';
import { User } from '../domain/user.js';
import { USER_EVENT_CATALOG } from './user-event-catalog.js';

const AT = new Date('2026-12-01T10:00:00.000Z');

/** Every event a user records in its life, in order. */
function lifeOfAUser(): readonly UserEvent[] {
  const user = User.register('5c0e8a2b-0000-4000-8000-000000000001', Email.parse('ann@example.com'), UserName.parse('Ann'), AT);
  user.rename(UserName.parse('Annie'), AT);
  user.delete(AT);
  return user.pullEvents();
}

describe('the users event catalog', () => {
  it('describes every event the user aggregate records, and no other', () => {
    expect([...USER_EVENT_CATALOG.types].sort()).toEqual([...new Set(lifeOfAUser().map(({ type }) => type))].sort());
  });

  it('names exactly the fields each event carries, so that each crosses between instances unchanged', () => {
    const codec = new RecordedEventCodec(USER_EVENT_CATALOG.payloadFields);
    const recorded = lifeOfAUser().map((event, index) => RecordedEvent.at(index + 1, event));

    for (const event of recorded) expect(codec.fromPrimitives(JSON.parse(JSON.stringify(codec.toPrimitives(event))))).toEqual(event);
  });

  it('marks as personal exactly the fields a deletion erases', () => {
    expect(USER_EVENT_CATALOG.personalFields).toEqual(USER_PERSONAL_FIELDS);
  });

  it('says that a deletion, and only a deletion, erases earlier events', () => {
    expect(USER_EVENT_CATALOG.types.filter((type) => USER_EVENT_CATALOG.erasesEarlierEvents(type))).toEqual(['user.deleted']);
  });

  it('does not compile with an event or a field left out', () => {
    const described = { title: 'User renamed', summary: 'renamed', fields: { name: { description: 'new' }, previousName: { description: 'old' } } };
    const deleted = { title: 'User deleted', summary: 'deleted', fields: {} };
    const created = { title: 'User created', summary: 'created', fields: { name: { description: 'name' } } };

    // @ts-expect-error user.created is left out
    expect(() => EventCatalog.of<UserEvent>({ 'user.renamed': described, 'user.deleted': deleted })).not.toThrow();
    // @ts-expect-error user.created's email is left out
    expect(() => EventCatalog.of<UserEvent>({ 'user.created': created, 'user.renamed': described, 'user.deleted': deleted })).not.toThrow();
  });
});
