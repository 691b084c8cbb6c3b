import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config.js';
import { StreamMetrics } from './ports/stream-metrics.js';

/** Counts the open streams, refuses past the limit, and ends them all at shutdown. */
@Injectable()
export class StreamConnections {
  // Each open stream's way to complete itself; its size is the number of open streams.
  private readonly open = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: StreamMetrics,
  ) {}

  get count(): number {
    return this.open.size;
  }

  /** Whether another stream may open now. */
  hasRoom(): boolean {
    return !this.closed && this.open.size < this.config.sse.maxConnections;
  }

  /** Counts the stream while it is subscribed, and completes it when the service shuts down. */
  track<T>(stream: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      const complete = () => subscriber.complete();
      this.open.add(complete);
      this.metrics.connectionOpened();
      const subscription = stream.subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.open.delete(complete);
        this.metrics.connectionClosed();
      };
    });
  }

  /** Ends every stream cleanly; a client then reconnects elsewhere with its Last-Event-ID. */
  closeAll(): void {
    this.closed = true;
    for (const complete of [...this.open]) complete();
  }
}
