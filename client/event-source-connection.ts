import type { HeraldEvent, StreamReset } from './herald-stream.js';

const RESET_TYPE = 'stream.reset';

export interface ConnectionHandlers {
  readonly onOpen: () => void;
  readonly onEvent: (event: HeraldEvent) => void;
  readonly onReset: (reset: StreamReset) => void;
  /** The stream ended after it was open; EventSource reconnects by itself, with the last id it received. */
  readonly onDropped: () => void;
  /** EventSource gave up (an answer other than a stream), or its own reconnect failed: the caller decides when to retry. */
  readonly onFailed: () => void;
}

/** The stream URL that resumes after the given id: EventSource cannot set Last-Event-ID on its first request. */
export function resumeUrl(url: string, after: number): string {
  const resolved = new URL(url, globalThis.location?.href);
  resolved.searchParams.set('lastEventId', String(after));
  return resolved.toString();
}

/** One EventSource, from open to close: parses what it delivers and tells a drop it recovers from from a failure it does not. */
export class EventSourceConnection {
  private readonly source: EventSource;
  // An error with no open since the last one is a reconnect that failed, or a first attempt that did.
  private openSinceLastError = false;

  /** eventTypes: EventSource delivers a named event only to a listener of its name, so each type gets one. */
  constructor(url: string, eventTypes: readonly string[], after: number, private readonly handlers: ConnectionHandlers) {
    this.source = new EventSource(resumeUrl(url, after), { withCredentials: true });
    this.source.onopen = () => {
      this.openSinceLastError = true;
      handlers.onOpen();
    };
    this.source.onerror = () => this.failedOrDropped();
    const deliver = (message: MessageEvent<string>) => this.deliver(message);
    for (const type of eventTypes) if (type !== RESET_TYPE) this.source.addEventListener(type, deliver);
    this.source.addEventListener('message', deliver);
    this.source.addEventListener(RESET_TYPE, (message: MessageEvent<string>) => this.reset(message));
  }

  close(): void {
    this.source.onerror = null;
    this.source.close();
  }

  private failedOrDropped(): void {
    if (this.source.readyState === EventSource.CLOSED || !this.openSinceLastError) {
      this.close();
      return this.handlers.onFailed();
    }
    this.openSinceLastError = false;
    this.handlers.onDropped();
  }

  private deliver(message: MessageEvent<string>): void {
    const id = Number(message.lastEventId);
    const data = parseObject(message.data);
    // The contract promises an integer id and JSON data; anything else is not an event of it.
    if (!Number.isSafeInteger(id) || data === null) return;
    this.handlers.onEvent({ id, type: message.type, data });
  }

  private reset(message: MessageEvent<string>): void {
    const data = parseObject(message.data);
    if (data === null || typeof data.resumeFrom !== 'number') return;
    this.handlers.onReset({ lastEventId: String(data.lastEventId), resumeFrom: data.resumeFrom });
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
