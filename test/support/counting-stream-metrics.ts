import { StreamMetrics } from '../../src/events/application/ports/stream-metrics.js';

export class CountingStreamMetrics extends StreamMetrics {
  opened = 0;
  closed = 0;
  dropped = 0;
  published = 0;
  delivered = 0;
  readonly brokerDropped: string[] = [];

  override connectionOpened(): void {
    this.opened += 1;
  }

  override connectionClosed(): void {
    this.closed += 1;
  }

  override connectionDropped(): void {
    this.dropped += 1;
  }

  override eventPublished(): void {
    this.published += 1;
  }

  override eventDelivered(): void {
    this.delivered += 1;
  }

  override brokerMessageDropped(reason: string): void {
    this.brokerDropped.push(reason);
  }
}
