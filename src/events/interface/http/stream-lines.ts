import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { StreamRequest } from '../../application/event-streams.js';
import type { StreamMetrics } from '../../application/ports/stream-metrics.js';
import type { StreamReport } from '../../application/stream-report.js';

const logger = new Logger('EventStream');

export interface OpenedStream {
  readonly request: StreamRequest;
  /** The token's sub, never the token; null without one. */
  readonly subject: string | null;
  readonly report: StreamReport;
}

/**
 * The two lines a stream leaves, and its duration: when it opened (request id, types, where it resumes, whose it
 * is) and when it closed (how long, how many events, why). Nothing per event: the event path stays free of logging.
 */
export function logStreamLifetime({ request, subject, report }: OpenedStream, lifetime: AbortSignal, metrics: StreamMetrics): void {
  if (lifetime.aborted) return; // its client left while it was being opened
  const openedAt = performance.now();
  logger.log({
    msg: 'stream opened',
    types: request.types === null ? null : [...request.types].join(','),
    resumeFrom: request.lastEventId === null ? null : String(request.lastEventId),
    sub: subject,
  });
  const closed = () => {
    const seconds = (performance.now() - openedAt) / 1000;
    metrics.streamEnded(seconds, report.reason);
    logger.log({ msg: 'stream closed', durationMs: Math.round(seconds * 1000), delivered: report.delivered, reason: report.reason });
  };
  // Bound to the request's context: the logger names the request on each line it writes in it, the last one too.
  lifetime.addEventListener('abort', AsyncLocalStorage.bind(closed), { once: true });
}
