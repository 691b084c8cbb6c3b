import { Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '../../../../config/app-config.js';
import { StreamMetrics } from '../../../application/ports/stream-metrics.js';
import type { OpenedEventStream } from '../stream-opening.js';
import { heartbeats } from '../heartbeats.js';
import { DirectConnection, type DirectSettings } from './direct-connection.js';

// The headers Nest's SseStream sends, so that both writers answer alike (CORS headers set earlier are kept).
const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  Pragma: 'no-cache',
  Expires: '0',
  'X-Accel-Buffering': 'no',
} as const;

/**
 * Writes open streams to their responses without Nest's writer: each event's one shared Buffer, what a turn of
 * the event loop brings leaving in one write per socket, back-pressure read off the socket's own counters.
 * One instance for all connections: it owns the turn's flush and, through heartbeats(), the one heartbeat timer.
 */
@Injectable()
export class DirectSseWriter {
  private readonly settings: DirectSettings;
  // The connections written to in this turn of the event loop.
  private dirty = new Set<DirectConnection>();

  constructor(config: AppConfig, metrics: StreamMetrics) {
    const { heartbeatMs, retryMs, maxBufferBytes } = config.sse;
    this.settings = { heartbeatMs, retryMs, maxBufferBytes, metrics, heartbeats: heartbeats(heartbeatMs), flushSoon: (connection) => this.flushSoon(connection) };
  }

  write({ items, report }: OpenedEventStream, response: ServerResponse, lifetime: AbortSignal): void {
    if (lifetime.aborted) return; // its client left while it was being opened
    const socket = response.socket;
    socket?.setKeepAlive(true);
    socket?.setNoDelay(true);
    socket?.setTimeout(0);
    response.writeHead(200, SSE_HEADERS);
    // Out now, so that the body can go to the socket itself, behind them.
    response.flushHeaders();
    new DirectConnection(response, report, this.settings).start(items, lifetime);
  }

  private flushSoon(connection: DirectConnection): void {
    if (this.dirty.size === 0) setImmediate(this.flushAll);
    this.dirty.add(connection);
  }

  private readonly flushAll = (): void => {
    const flushing = this.dirty;
    this.dirty = new Set();
    const now = Date.now();
    for (const connection of flushing) connection.flush(now);
  };
}
