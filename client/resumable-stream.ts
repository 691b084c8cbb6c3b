import { type ConnectionState, CONNECTING } from './connection-state.js';
import { EventSourceConnection, resumeUrl } from './event-source-connection.js';
import { probeFailure } from './failure-probe.js';
import type { HeraldEvent, StreamReset } from './herald-stream.js';
import { planRetry } from './retry-policy.js';

export interface ResumableStreamOptions {
  readonly url: string;
  readonly eventTypes: readonly string[];
  /** The id to resume after whenever a connection is (re)opened: the last one the tab delivered. */
  readonly resumeFrom: () => number;
  readonly onEvent: (event: HeraldEvent) => void;
  readonly onReset: (reset: StreamReset) => void;
  readonly onState: (state: ConnectionState) => void;
}

/**
 * The connection of the tab that holds one: opens it, learns why it failed, waits as the policy says
 * and opens it again after the last delivered id; stands still while the browser is offline.
 */
export class ResumableStream {
  private state: ConnectionState = CONNECTING;
  private connection: EventSourceConnection | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  // Bumped whenever a connection is replaced, so that the probe of an abandoned one decides nothing.
  private generation = 0;
  private failuresInARow = 0;
  private everOpen = false;
  private closed = false;
  private readonly wentOffline = () => this.goOffline();
  private readonly cameOnline = () => this.comeOnline();

  constructor(private readonly options: ResumableStreamOptions) {}

  get current(): ConnectionState {
    return this.state;
  }

  start(): void {
    globalThis.addEventListener?.('offline', this.wentOffline);
    globalThis.addEventListener?.('online', this.cameOnline);
    if (globalThis.navigator?.onLine === false) this.goOffline();
    else this.connect();
  }

  /** Opens a new connection now, after resumeFrom(): the tab moved back, or wants to try again before the wait is over. */
  reopen(): void {
    if (this.closed || this.state.status === 'offline') return;
    this.failuresInARow = 0;
    this.connect();
  }

  close(): void {
    this.closed = true;
    this.abandonConnection();
    globalThis.removeEventListener?.('offline', this.wentOffline);
    globalThis.removeEventListener?.('online', this.cameOnline);
    this.update({ status: 'closed', retryAt: null, reason: null });
  }

  private connect(): void {
    this.abandonConnection();
    const generation = this.generation;
    this.update({ status: this.everOpen ? 'reconnecting' : 'connecting', retryAt: null });
    this.connection = new EventSourceConnection(this.options.url, this.options.eventTypes, this.options.resumeFrom(), {
      onOpen: () => this.opened(),
      onEvent: this.options.onEvent,
      onReset: this.options.onReset,
      // EventSource's own reconnect (after a clean end: a token's exp, a restart) goes on, with the last id it received.
      onDropped: () => this.update({ status: 'reconnecting', reason: 'network' }),
      onFailed: () => void this.recover(generation),
    });
  }

  private opened(): void {
    if (this.everOpen) this.update({ reconnects: this.state.reconnects + 1 });
    this.everOpen = true;
    this.failuresInARow = 0;
    this.update({ status: 'live', retryAt: null, reason: null });
  }

  private async recover(generation: number): Promise<void> {
    this.update({ status: 'reconnecting' });
    const failure = await probeFailure(resumeUrl(this.options.url, this.options.resumeFrom()));
    if (generation !== this.generation || this.closed) return;
    const plan = planRetry(failure, this.failuresInARow++);
    const retryAt = Date.now() + plan.delayMs;
    this.update({ status: plan.unauthorized ? 'unauthorized' : 'reconnecting', retryAt, reason: plan.reason });
    this.retryTimer = setTimeout(() => this.connect(), plan.delayMs);
  }

  private goOffline(): void {
    if (this.closed) return;
    this.abandonConnection();
    this.update({ status: 'offline', retryAt: null, reason: 'offline' });
  }

  private comeOnline(): void {
    if (this.closed || this.state.status !== 'offline') return;
    this.failuresInARow = 0;
    this.connect();
  }

  private abandonConnection(): void {
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.connection?.close();
    this.connection = null;
  }

  private update(change: Partial<ConnectionState>): void {
    const next = { ...this.state, ...change };
    const same = (Object.keys(next) as (keyof ConnectionState)[]).every((key) => next[key] === this.state[key]);
    this.state = next;
    if (!same) this.options.onState(next);
  }
}
