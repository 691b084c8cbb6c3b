import { summarise } from './event-summary.js';

describe('summarise', () => {
  it('says what changed when the payload has previousName and name, whatever the type', () => {
    expect(summarise({ id: 'u1', previousName: 'Ann', name: 'Annie', occurredAt: 'now' })).toEqual({ change: 'Ann → Annie', fields: [] });
  });

  it('lists the other payload fields, leaving out the aggregate id and the time', () => {
    expect(summarise({ id: 'u1', email: 'a@example.com', name: 'Ann', count: 3, occurredAt: 'now' })).toEqual({
      change: null,
      fields: [
        { key: 'email', value: 'a@example.com' },
        { key: 'name', value: 'Ann' },
        { key: 'count', value: '3' },
      ],
    });
  });
});
