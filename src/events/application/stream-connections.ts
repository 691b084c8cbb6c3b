import { Injectable } from '@nestjs/common';
import { Observable, Subject, takeUntil } from 'rxjs';
import { AppConfig } from '../../config/app-config.js';
import { StreamMetrics } from './ports/stream-metrics.js';

/** Counts the open streams, refuses past the limit, and ends them all at shutdown. */
@Injectable()
export class StreamConnections {
  private open = 0;
  private readonly closing = new Subject<void>();
  private closed = false;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: StreamMetrics,
  ) {}

  get count(): number {
    return this.open;
  }

  /** Whether another stream may open now. */
  hasRoom(): boolean {
    return !this.closed && this.open < this.config.sse.maxConnections;
  }

  /** Counts the stream while it is subscribed, and completes it when the service shuts down. */
  track<T>(stream: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.open += 1;
      this.metrics.connectionOpened();
      const subscription = stream.pipe(takeUntil(this.closing)).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.open -= 1;
        this.metrics.connectionClosed();
      };
    });
  }

  /** Ends every stream cleanly; a client then reconnects elsewhere with its Last-Event-ID. */
  closeAll(): void {
    this.closed = true;
    this.closing.next();
  }
}
