import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { StreamMetrics } from '../application/ports/stream-metrics.js';

/**
 * The stream metrics as Prometheus series. Deliveries are counted in a plain number and handed to
 * the counter when scraped: one increment per event per connection is the hottest path we have.
 */
@Injectable()
export class PrometheusStreamMetrics extends StreamMetrics {
  private delivered = 0;
  private readonly connections: Gauge;
  private readonly published: Counter;
  private readonly dropped: Counter;
  private readonly brokerDropped: Counter<'reason'>;

  constructor(registry: Registry) {
    super();
    const registers = [registry];
    this.connections = new Gauge({ name: 'sse_connections', help: 'Open event streams', registers });
    this.published = new Counter({ name: 'sse_events_published_total', help: 'Events handed to the broker by this instance', registers });
    this.dropped = new Counter({
      name: 'sse_connections_dropped_total',
      help: 'Streams ended by the server because the client did not read',
      registers,
    });
    this.brokerDropped = new Counter({
      name: 'herald_broker_messages_dropped_total',
      help: 'Messages on the broker channel that were not delivered, by why (not JSON, another deployment, a malformed field...)',
      labelNames: ['reason'],
      registers,
    });
    const read = () => {
      const count = this.delivered;
      this.delivered = 0;
      return count;
    };
    new Counter({
      name: 'sse_events_delivered_total',
      help: 'Events written to streams, one per event per connection',
      registers,
      collect() {
        this.inc(read());
      },
    });
  }

  override connectionOpened(): void {
    this.connections.inc();
  }

  override connectionClosed(): void {
    this.connections.dec();
  }

  override connectionDropped(): void {
    this.dropped.inc();
  }

  override eventPublished(): void {
    this.published.inc();
  }

  override eventDelivered(): void {
    this.delivered += 1;
  }

  override brokerMessageDropped(reason: string): void {
    this.brokerDropped.inc({ reason });
  }
}
