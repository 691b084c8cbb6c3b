import type { DomainEvent } from '../domain/domain-event.js';
import type { EventPayloadFields } from './recorded-event.codec.js';

/** One field of an event's payload as clients see it; every payload field holds a string (RecordedEventCodec). */
export interface PayloadField {
  readonly description: string;
  /** A JSON Schema format, such as 'email'. */
  readonly format?: string;
  /** Personal data: shown only to a token with users:read, and erased from the log with its subject. */
  readonly personal?: true;
}

/** What clients are told of one event type: the owning module's words, read by the stream's filter and both API documents. */
export interface EventDescription<P extends object = object> {
  readonly title: string;
  readonly summary: string;
  /** Every field of the payload, each once: the event's id, type and time are the stream's, not the payload's. */
  readonly fields: { readonly [F in keyof P]-?: PayloadField };
  /** Recording it erases the personal fields of the earlier events of its aggregate (a user's deletion). */
  readonly erasesEarlierEvents?: true;
}

/** Every event of the union E described, keyed by its type: one left out, or a field of it, does not compile. */
export type EventDescriptions<E extends DomainEvent> = {
  readonly [T in E['type']]: EventDescription<Extract<E, { readonly type: T }>['payload']>;
};

export interface DescribedEvent extends EventDescription {
  readonly type: string;
}

/** The event types a module records and what each payload holds: the one list every other part reads. */
export class EventCatalog {
  private readonly byType: ReadonlyMap<string, DescribedEvent>;

  private constructor(events: readonly DescribedEvent[]) {
    this.byType = new Map(events.map((event) => [event.type, event]));
  }

  /** The catalog of exactly the events of E, the union an aggregate records. */
  static of<E extends DomainEvent>(descriptions: EventDescriptions<E>): EventCatalog {
    const entries: [string, EventDescription][] = Object.entries(descriptions);
    return new EventCatalog(entries.map(([type, description]) => ({ type, ...description })));
  }

  /** One catalog of several modules' events; a type two of them claim is a mistake at start-up. */
  static merge(...catalogs: readonly EventCatalog[]): EventCatalog {
    const events = catalogs.flatMap((catalog) => catalog.events);
    const types = new Set(events.map(({ type }) => type));
    if (types.size !== events.length) throw new Error('two modules describe the same event type');
    return new EventCatalog(events);
  }

  get events(): readonly DescribedEvent[] {
    return [...this.byType.values()];
  }

  get types(): readonly string[] {
    return [...this.byType.keys()];
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** The fields that are personal data in any event: what an audience without users:read never sees. */
  get personalFields(): readonly string[] {
    const personal = this.events.flatMap(({ fields }) => Object.entries(fields).filter(([, field]) => field.personal));
    return [...new Set(personal.map(([name]) => name))];
  }

  /** Each type with its payload's fields, as RecordedEventCodec checks them. */
  get payloadFields(): EventPayloadFields {
    return Object.fromEntries(this.events.map(({ type, fields }) => [type, Object.keys(fields)]));
  }

  erasesEarlierEvents(type: string): boolean {
    return this.byType.get(type)?.erasesEarlierEvents === true;
  }
}
