import type { Logger } from '@nestjs/common';
import type { StreamMetrics } from '../application/ports/stream-metrics.js';
import type { DropReason } from './wire-message.js';

/**
 * Counts the messages on a broker's channel that are not well-formed events of this deployment (another
 * deployment's, an old version's, a hand-made one): each in the metric, and in the log at the 1st, 10th, 100th...
 * so that a flood cannot bury the log. Never the message itself: it may hold anything.
 */
export class DroppedMessages {
  private count = 0;
  private nextReport = 1;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: StreamMetrics,
    private readonly channel: string,
  ) {}

  drop(reason: DropReason): void {
    this.metrics.brokerMessageDropped(reason);
    this.count += 1;
    if (this.count < this.nextReport) return;
    this.nextReport *= 10;
    this.logger.warn(`dropped ${this.count} message(s) on ${this.channel} that are not well-formed events of this deployment (the last: ${reason})`);
  }
}
