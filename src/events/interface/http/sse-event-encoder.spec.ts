import { RecordedEvent } from '../../../shared/application/recorded-event.js';
import { SseEventEncoder } from './sse-event-encoder.js';

const AT = new Date('2026-12-01T12:00:00.000Z');
const created = new RecordedEvent(7, 'user.created', '5c0e7f0a-0000-4000-8000-000000000001', AT, { email: 'ann@example.com', name: 'Ann' });
const renamed = new RecordedEvent(8, 'user.renamed', '5c0e7f0a-0000-4000-8000-000000000001', AT, { name: 'Annie' });

describe('SseEventEncoder, per audience', () => {
  const encoder = new SseEventEncoder();

  it('gives the audience without personal data the same id and type, without the email', () => {
    const event = encoder.encode(created);
    const shown = event.as('no-personal-data');
    expect(shown.message).toEqual({ id: '7', type: 'user.created', data: JSON.stringify({ id: created.aggregateId, name: 'Ann', occurredAt: AT.toISOString() }) });
    expect(event.as('everything')).toBe(event);
    expect(JSON.parse(String(event.message.data))).toMatchObject({ email: 'ann@example.com' });
  });

  it('encodes an event at most twice, however many streams of each audience ask', () => {
    const event = encoder.encode(created);
    expect(new Set(Array.from({ length: 5 }, () => event.as('no-personal-data'))).size).toBe(1);
    expect(event.as('no-personal-data').bytes).toBeLessThan(event.bytes);
  });

  it('serves one encoding to every audience when the event holds no personal data', () => {
    const event = encoder.encode(renamed);
    expect(event.as('no-personal-data')).toBe(event);
  });
});
