import type { Logger } from '@nestjs/common';

/**
 * Logs a broker outage once when it begins and once when it ends: while the broker is away every reconnect
 * attempt and every publish fails, and one line each would bury everything else in the log.
 */
export class BrokerOutageLog {
  private since: number | null = null;

  /** broker: what the lines name, e.g. "Redis". */
  constructor(
    private readonly logger: Logger,
    private readonly broker: string,
  ) {}

  failed(reason: string): void {
    if (this.since !== null) return;
    this.since = Date.now();
    this.logger.warn(`${this.broker} does not answer (${reason}): events go between instances through the event log, up to a second late, until it is back`);
  }

  /** True when an outage was on, and is now logged as over. */
  recovered(channel: string): boolean {
    if (this.since === null) return false;
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
    this.since = null;
    this.logger.log(`${this.broker} answers again after ${seconds} s; listening on ${channel}`);
    return true;
  }
}
