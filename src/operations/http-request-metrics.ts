import { Histogram, type Registry } from 'prom-client';

// From a cached read (about a millisecond) to a write that waited for a slow commit.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** http_request_duration_seconds: every answered request but the event stream, which has sse_stream_duration_seconds. */
export class HttpRequestMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status, from their first byte in to the end of the answer',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  /** route is a template or 'unmatched': a raw URL would make a series per id. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.duration.observe({ method, route, status: String(status) }, seconds);
  }
}
