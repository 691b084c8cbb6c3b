import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { StreamConnections } from '../events/application/stream-connections.js';

// What a stream whose client does not read gets to flush before its socket is closed anyway.
const STREAMS_GRACE_MS = 2000;

/**
 * Open event streams would keep the HTTP server from closing for ever (nestjs/nest#6643, #9517):
 * stop accepting, end every stream cleanly and let it flush, then Nest (forceCloseConnections)
 * closes whatever is left.
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
    // Each ended stream writes its last chunk, then its connection goes idle and can be closed.
    const deadline = Date.now() + STREAMS_GRACE_MS;
    while (Date.now() < deadline && (await openConnections(server)) > 0) {
      server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const openConnections = (server: Server): Promise<number> =>
  new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
