import type { Logger } from '@nestjs/common';

/**
 * Logs a Redis outage once when it begins and once when it ends: while Redis is away every reconnect
 * attempt and every publish fails, and one line each would bury everything else in the log.
 */
export class RedisOutageLog {
  private since: number | null = null;

  constructor(private readonly logger: Logger) {}

  failed(reason: string): void {
    if (this.since !== null) return;
    this.since = Date.now();
    this.logger.warn(`Redis does not answer (${reason}): events go between instances through the event log, up to a second late, until it is back`);
  }

  /** True when an outage was on, and is now logged as over. */
  recovered(channel: string): boolean {
    if (this.since === null) return false;
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
    this.since = null;
    this.logger.log(`Redis answers again after ${seconds} s; subscribed to ${channel}`);
    return true;
  }
}
