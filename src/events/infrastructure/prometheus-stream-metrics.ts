import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { StreamMetrics } from '../application/ports/stream-metrics.js';
import type { StreamEndReason } from '../application/stream-report.js';

// A dashboard's stream lives from seconds (a reload) to days; a replay from nothing to the whole window.
const STREAM_SECONDS = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];
const REPLAYED_EVENTS = [0, 1, 10, 100, 1000, 10_000, 100_000];
const COMMIT_TO_WRITE_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

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
  private readonly streamDuration: Histogram<'reason'>;
  private readonly replaySize: Histogram;
  private readonly commitToWrite: Histogram;

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
    this.streamDuration = new Histogram({
      name: 'sse_stream_duration_seconds',
      help: 'How long event streams stayed open, by why they ended (client-closed, slow-reader, token-expired, shutdown, error)',
      labelNames: ['reason'],
      buckets: STREAM_SECONDS,
      registers,
    });
    this.replaySize = new Histogram({
      name: 'sse_replay_events',
      help: 'Events replayed to a stream that resumed with Last-Event-ID, before it went live',
      buckets: REPLAYED_EVENTS,
      registers,
    });
    this.commitToWrite = new Histogram({
      name: 'sse_commit_to_write_seconds',
      help: 'From a live event reaching this instance (just after its commit) to its write on a stream, once per event per write turn',
      buckets: COMMIT_TO_WRITE_SECONDS,
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

  override streamEnded(seconds: number, reason: StreamEndReason): void {
    this.streamDuration.observe({ reason }, seconds);
  }

  override replayed(events: number): void {
    this.replaySize.observe(events);
  }

  override liveEventWritten(secondsSinceCommit: number): void {
    this.commitToWrite.observe(secondsSinceCommit);
  }
}
