import { eventTypesOf } from './event-types.js';

describe('eventTypesOf', () => {
  it("lists the names of the document's messages, without the stream's own stream.reset", () => {
    const document = {
      components: {
        messages: {
          'user.created': { name: 'user.created' },
          'user.email_changed': { name: 'user.email_changed' },
          'stream.reset': { name: 'stream.reset' },
        },
      },
    };
    expect(eventTypesOf(document)).toEqual(['user.created', 'user.email_changed']);
  });

  it('finds none in what is not an AsyncAPI document, instead of throwing', () => {
    expect(eventTypesOf(null)).toEqual([]);
    expect(eventTypesOf({ components: { messages: [42, { name: 7 }] } })).toEqual([]);
  });
});
