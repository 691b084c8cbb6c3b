import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { StreamConnections } from '../events/application/stream-connections.js';

// What a stream whose client does not read gets to flush before its socket is closed anyway.
const STREAMS_GRACE_MS = 2000;

/**
 * Open event streams would keep the HTTP server from closing for ever (nestjs/nest#6643, #9517):
 * stop accepting, end every stream cleanly, then close whatever is left.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly connections: StreamConnections,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.logger.log(`shutting down (${signal ?? 'close'}): ending ${this.connections.count} stream(s)`);
    server.close();
    this.connections.closeAll();
    const deadline = Date.now() + STREAMS_GRACE_MS;
    while (this.connections.count > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 200).unref();
  }
}
