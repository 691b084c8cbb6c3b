import { EventSource, type FetchLike } from 'eventsource';
import { KNOWN_EVENTS } from '../../src/events/application/known-events.js';
import { STREAM_RESET } from '../../src/events/application/stream-item.js';
import { waitUntil } from './wait.js';

/** What the stream carries under an event field, from the registry the server reads; anything else would arrive as "message". */
export const STREAM_EVENT_TYPES: readonly string[] = [...KNOWN_EVENTS.types, STREAM_RESET, 'message'];

export interface ReceivedEvent {
  readonly type: string;
  /** The id as the client saw it (its lastEventId when the event arrived). */
  readonly id: string;
  readonly data: string;
  /** Date.now() when the client dispatched it. */
  readonly at: number;
}

export interface StreamOptions {
  /** Sent as the Last-Event-ID header on the first request; the client sends its own on reconnects. */
  readonly lastEventIdHeader?: string;
  /** Query parameters of GET /events: types, lastEventId. */
  readonly query?: Readonly<Record<string, string>>;
  /** Where to connect instead of baseUrl, e.g. a proxy in front of it. */
  readonly via?: string;
  /** Sent on every request, reconnects included: Authorization, Cookie. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An `eventsource` client on GET /events that keeps every event it dispatches, in order. */
export class StreamClient {
  readonly source: EventSource;
  readonly events: ReceivedEvent[] = [];
  /** Every error the client reported: a failed or ended connection, an HTTP error status. */
  readonly errors: { readonly at: number; readonly code: number | undefined; readonly message: string | undefined }[] = [];
  opens = 0;

  private constructor(url: string, options: StreamOptions) {
    const header = options.lastEventIdHeader;
    const extra = { ...(header !== undefined && { 'Last-Event-ID': header }), ...options.headers };
    const fetchWithHeader: FetchLike | undefined =
      Object.keys(extra).length === 0 ? undefined : (input, init) => fetch(input, { ...init, headers: { ...extra, ...init.headers } });
    this.source = new EventSource(url, fetchWithHeader ? { fetch: fetchWithHeader } : {});
    for (const type of STREAM_EVENT_TYPES) {
      this.source.addEventListener(type, (event: MessageEvent) => {
        this.events.push({ type, id: event.lastEventId, data: String(event.data), at: Date.now() });
      });
    }
    this.source.addEventListener('open', () => (this.opens += 1));
    this.source.addEventListener('error', (error) => this.errors.push({ at: Date.now(), code: error.code, message: error.message }));
  }

  static open(baseUrl: string, options: StreamOptions = {}): StreamClient {
    const url = new URL('/events', options.via ?? baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    return new StreamClient(url.toString(), options);
  }

  /** The ids of the events received, as numbers. */
  get ids(): number[] {
    return this.events.map((event) => Number(event.id));
  }

  get lastId(): number | null {
    const last = this.events.at(-1);
    return last === undefined ? null : Number(last.id);
  }

  /** Resolves once the response has been accepted as an event stream; fails when the client gave up. */
  async waitOpen(timeoutMs = 5000): Promise<void> {
    await waitUntil(
      () => {
        if (this.source.readyState === EventSource.CLOSED) throw new Error(`the stream failed: ${JSON.stringify(this.errors)}`);
        return this.opens > 0;
      },
      'the stream is open',
      timeoutMs,
    );
  }

  /** The first count events, once at least that many have arrived. */
  async collect(count: number, timeoutMs = 5000): Promise<ReceivedEvent[]> {
    await waitUntil(() => this.events.length >= count, `${count} events have arrived (got ${this.events.length})`, timeoutMs);
    return this.events.slice(0, count);
  }

  /** Waits until the event with this id has arrived. */
  async waitForId(id: number, timeoutMs = 5000): Promise<void> {
    await waitUntil(() => this.events.some((event) => Number(event.id) >= id), `event ${id} has arrived (last: ${this.lastId})`, timeoutMs);
  }

  close(): void {
    this.source.close();
  }
}
