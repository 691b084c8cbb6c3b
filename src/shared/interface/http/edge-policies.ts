import type { Server } from 'node:http';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../../../config/app-config.js';

// The contract's deadline for a request's headers and body; Node's default lets a slow body hold a socket for 300 s.
const REQUEST_DEADLINE_MS = 30_000;
// Node looks for late requests this often (default 30 s, which would answer 408 up to a minute late).
const DEADLINE_CHECK_MS = 1_000;

/** Express's "trust proxy" from TRUST_PROXY: "true"/"false", a hop count, or a list of addresses. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * What every request meets before Nest's router, on every path (the docs included): whose
 * X-Forwarded-For is believed, and the security headers. The stream gets
 * none of helmet's headers: they are for documents, and a proxy must not be told to transform it.
 */
export function applyEdgePolicies(server: Express, config: AppConfig): void {
  server.disable('x-powered-by');
  if (config.trustProxy !== null) server.set('trust proxy', trustProxy(config.trustProxy));
  const documents = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { 'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': null },
    },
  });
  // Swagger UI's page styles itself inline; everything else it serves is a file.
  const docs = helmet({ contentSecurityPolicy: false });
  server.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path === '/events') return next();
    (request.path.startsWith('/docs') ? docs : documents)(request, response, next);
  });
}

/** The request deadline on the HTTP server itself, before it listens. */
export function applyRequestDeadline(server: Server): void {
  server.requestTimeout = REQUEST_DEADLINE_MS;
  server.headersTimeout = REQUEST_DEADLINE_MS;
  Object.assign(server, { connectionsCheckingInterval: DEADLINE_CHECK_MS });
}
