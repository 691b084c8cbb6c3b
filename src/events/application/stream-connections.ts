import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { StreamLimits } from './ports/stream-limits.js';
import { StreamMetrics } from './ports/stream-metrics.js';
import { ClientStreamLimitReached, StreamLimitReached } from './stream-limit-reached.js';
import { StreamReport } from './stream-report.js';

/** Who holds a stream, and until when it may. */
export interface StreamHolder {
  /** What the per-client limit counts against: a token's subject or an address. */
  readonly client: string;
  /** When the stream must end (its token expires); null for never. */
  readonly until: Date | null;
}

const NOBODY_IN_PARTICULAR: StreamHolder = { client: '', until: null };
// setTimeout takes at most this; a later end is checked again when it fires.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** One open stream's place under SSE_MAX_CONNECTIONS, from its request to its end. */
export interface StreamSlot {
  /** The stream that fills the slot: completed when the service shuts down, and the slot freed when it ends. */
  hold<T>(stream: Observable<T>): Observable<T>;
  /** The stream's account: the connection counts what it writes, the slot why the service ended it. */
  readonly report: StreamReport;
}

/** Counts the open streams, in all and per client, refuses past the limits, ends each at its holder's time and all at shutdown. */
@Injectable()
export class StreamConnections {
  // Each slot's way to complete its stream (a no-op until it holds one); its size is the number of open streams.
  private readonly slots = new Map<object, () => void>();
  private readonly perClient = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly limits: StreamLimits,
    private readonly metrics: StreamMetrics,
  ) {}

  get count(): number {
    return this.slots.size;
  }

  /**
   * Takes a slot at once, before the request awaits anything, so that a wave of requests cannot pass the
   * limit between a check and a count (throws StreamLimitReached past it). The slot is freed when `lifetime`
   * aborts, which Nest's @SseSignal() does on every way a stream ends: refused, left before its first byte, ended.
   */
  reserve(lifetime: AbortSignal, holder: StreamHolder = NOBODY_IN_PARTICULAR): StreamSlot {
    const { maxConnections, maxConnectionsPerClient } = this.limits;
    if (this.closed || this.slots.size >= maxConnections) throw new StreamLimitReached();
    const held = this.perClient.get(holder.client) ?? 0;
    if (held >= maxConnectionsPerClient) throw new ClientStreamLimitReached(maxConnectionsPerClient);
    const key = {};
    this.slots.set(key, () => undefined);
    this.perClient.set(holder.client, held + 1);
    this.metrics.connectionOpened();
    const release = () => {
      if (!this.slots.delete(key)) return;
      const left = (this.perClient.get(holder.client) ?? 1) - 1;
      if (left > 0) this.perClient.set(holder.client, left);
      else this.perClient.delete(holder.client);
      this.metrics.connectionClosed();
    };
    if (lifetime.aborted) release();
    else lifetime.addEventListener('abort', release, { once: true });
    const report = new StreamReport();
    return { report, hold: (stream) => this.hold(key, stream, release, holder.until, report) };
  }

  /** Ends every stream cleanly; a client then reconnects elsewhere with its Last-Event-ID. */
  closeAll(): void {
    this.closed = true;
    for (const complete of [...this.slots.values()]) complete();
  }

  private hold<T>(key: object, stream: Observable<T>, release: () => void, until: Date | null, report: StreamReport): Observable<T> {
    return new Observable<T>((subscriber) => {
      const complete = () => subscriber.complete();
      const shutDown = () => {
        report.endedBy('shutdown');
        complete();
      };
      const expire = () => {
        report.endedBy('token-expired');
        complete();
      };
      if (this.closed) return shutDown();
      if (!this.slots.has(key)) return complete(); // its client left before the stream began
      if (until !== null && until.getTime() <= Date.now()) return expire();
      this.slots.set(key, shutDown);
      let timer: NodeJS.Timeout | undefined;
      const endInTime = () => {
        const left = (until as Date).getTime() - Date.now();
        if (left <= 0) expire();
        else timer = setTimeout(endInTime, Math.min(left, LONGEST_TIMER_MS));
      };
      if (until !== null) endInTime();
      const subscription = stream.subscribe(subscriber);
      return () => {
        clearTimeout(timer);
        subscription.unsubscribe();
        release();
      };
    });
  }
}
