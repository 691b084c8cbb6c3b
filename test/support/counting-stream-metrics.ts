import { StreamMetrics } from '../../src/events/application/ports/stream-metrics.js';
import type { StreamEndReason } from '../../src/events/application/stream-report.js';

export class CountingStreamMetrics extends StreamMetrics {
  opened = 0;
  closed = 0;
  dropped = 0;
  published = 0;
  delivered = 0;
  readonly brokerDropped: string[] = [];
  readonly ended: { readonly seconds: number; readonly reason: StreamEndReason }[] = [];
  readonly replays: number[] = [];
  readonly writeDelays: number[] = [];

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

  override streamEnded(seconds: number, reason: StreamEndReason): void {
    this.ended.push({ seconds, reason });
  }

  override replayed(events: number): void {
    this.replays.push(events);
  }

  override liveEventWritten(secondsSinceCommit: number): void {
    this.writeDelays.push(secondsSinceCommit);
  }
}
