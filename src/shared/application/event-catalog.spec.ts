import { DomainEvent } from '../domain/domain-event.js';
import { EventCatalog } from './event-catalog.js';

class ParcelSent extends DomainEvent<{ address: string; carrier: string }> {
  static readonly type = 'parcel.sent';
  readonly type = ParcelSent.type;
}

class ParcelLost extends DomainEvent<Record<never, never>> {
  static readonly type = 'parcel.lost';
  readonly type = ParcelLost.type;
}

const PARCELS = EventCatalog.of<ParcelSent | ParcelLost>({
  'parcel.sent': {
    title: 'Parcel sent',
    summary: 'sent',
    fields: { address: { description: 'where to', personal: true }, carrier: { description: 'who carries it' } },
  },
  'parcel.lost': { title: 'Parcel lost', summary: 'lost', fields: {}, erasesEarlierEvents: true },
});

describe('EventCatalog', () => {
  it('knows each described type, with its fields, and nothing else', () => {
    expect(PARCELS.types).toEqual(['parcel.sent', 'parcel.lost']);
    expect(PARCELS.has('parcel.sent')).toBe(true);
    expect(PARCELS.has('toString')).toBe(false);
    expect(PARCELS.payloadFields).toEqual({ 'parcel.sent': ['address', 'carrier'], 'parcel.lost': [] });
  });

  it('names the personal fields and the events that erase earlier ones', () => {
    expect(PARCELS.personalFields).toEqual(['address']);
    expect(PARCELS.types.map((type) => PARCELS.erasesEarlierEvents(type))).toEqual([false, true]);
    expect(PARCELS.erasesEarlierEvents('parcel.unknown')).toBe(false);
  });

  it('merges the catalogs of several modules, refusing a type two of them describe', () => {
    const letters = EventCatalog.of<ParcelLost>({ 'parcel.lost': { title: 'Letter lost', summary: 'lost', fields: {} } });

    expect(EventCatalog.merge(PARCELS).types).toEqual(PARCELS.types);
    expect(() => EventCatalog.merge(PARCELS, letters)).toThrow('two modules describe the same event type');
  });
});
