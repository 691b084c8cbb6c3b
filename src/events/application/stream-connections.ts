import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config.js';
import { StreamMetrics } from './ports/stream-metrics.js';
import { StreamLimitReached } from './stream-limit-reached.js';

/** One open stream's place under SSE_MAX_CONNECTIONS, from its request to its end. */
export interface StreamSlot {
  /** The stream that fills the slot: completed when the service shuts down, and the slot freed when it ends. */
  hold<T>(stream: Observable<T>): Observable<T>;
}

/** Counts the open streams, refuses past the limit, and ends them all at shutdown. */
@Injectable()
export class StreamConnections {
  // Each slot's way to complete its stream (a no-op until it holds one); its size is the number of open streams.
  private readonly slots = new Map<object, () => void>();
  private closed = false;

  constructor(
    private readonly config: AppConfig,
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
  reserve(lifetime: AbortSignal): StreamSlot {
    if (this.closed || this.slots.size >= this.config.sse.maxConnections) throw new StreamLimitReached();
    const key = {};
    this.slots.set(key, () => undefined);
    this.metrics.connectionOpened();
    const release = () => {
      if (this.slots.delete(key)) this.metrics.connectionClosed();
    };
    if (lifetime.aborted) release();
    else lifetime.addEventListener('abort', release, { once: true });
    return { hold: (stream) => this.hold(key, stream, release) };
  }

  /** Ends every stream cleanly; a client then reconnects elsewhere with its Last-Event-ID. */
  closeAll(): void {
    this.closed = true;
    for (const complete of [...this.slots.values()]) complete();
  }

  private hold<T>(key: object, stream: Observable<T>, release: () => void): Observable<T> {
    return new Observable<T>((subscriber) => {
      const complete = () => subscriber.complete();
      if (this.closed || !this.slots.has(key)) {
        complete();
        return;
      }
      this.slots.set(key, complete);
      const subscription = stream.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        release();
      };
    });
  }
}
