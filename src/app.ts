import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { AppConfig } from './config/app-config.js';
import { validateEnvironment } from './config/environment.js';
import { answerClientErrors, requireHost } from './shared/interface/http/client-errors.js';
import { DomainErrorFilter } from './shared/interface/http/domain-error.filter.js';
import { loopbackHostOnly } from './access/interface/http/loopback-host.middleware.js';
import { BEARER_SCHEME } from './access/interface/http/require-scope.decorator.js';
import { SESSION_COOKIE } from './access/interface/http/bearer-token.js';
import { ErrorResponse, withEdgeErrors } from './shared/interface/http/api-errors.js';
import { applyEdgePolicies, applyRequestDeadline } from './shared/interface/http/edge-policies.js';
import { auditWrites } from './operations/audit/audit-trail.js';
import { HttpRequestMetrics } from './operations/http-request-metrics.js';
import { createRootLogger } from './operations/logging/root-logger.js';
import { createMetricsRegistry } from './operations/metrics-registry.module.js';
import { requestTelemetry } from './operations/request-telemetry.js';
import { ErrorShapeFilter } from './shared/interface/http/error-shape.filter.js';
import { unreadableBody } from './shared/interface/http/require-json.middleware.js';
import { StrictValidationPipe } from './shared/interface/http/strict-validation.pipe.js';

const MAX_BODY = '16kb';
// The dashboard's own files: public/ at the project root, one level up from src/ and dist/.
const PUBLIC = fileURLToPath(new URL('../public', import.meta.url));

/** The application as main.ts serves it and the end-to-end tests boot it. */
export async function createApp(): Promise<INestApplication> {
  // Fails here, with every bad variable named, before Nest logs anything.
  const config = new AppConfig(validateEnvironment(process.env));
  const logger = createRootLogger(config.logging);
  const registry = createMetricsRegistry();
  const server = express();
  // One spelling per URL, as the contract writes it: a proxy rule for /users does not cover /USERS.
  // Set before the adapter exists: Express builds its router once, with the settings of that moment.
  server.set('case sensitive routing', true);
  // "strict routing" stays off: /users/ is /users, and a proxy's prefix rule for /users covers both.
  // No ETag on answers: the contract offers no conditional requests, and hashing every body cost ~40 µs a request.
  server.set('etag', false);
  // First: a request refused by any check below still gets its id, its line and its duration.
  server.use(requestTelemetry(logger, new HttpRequestMetrics(registry)));
  server.use(requireHost);
  applyEdgePolicies(server, config);
  // Before every route, the docs included: without access control, only requests addressed to this machine.
  if (config.access.mode === 'loopback') server.use(loopbackHostOnly(config.host));
  server.use(auditWrites(server));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ logger, registry }, config.sse.writer), new ExpressAdapter(server), {
    bodyParser: false,
    bufferLogs: true,
    forceCloseConnections: true,
  });
  // Only bodies this service reads are parsed (RequireJsonMiddleware refuses the rest by name); what
  // is not an object is refused by the validation pipe, in words that say so.
  app.useBodyParser('json', { limit: MAX_BODY, type: (request) => unreadableBody(request) === null, inflate: false, strict: false });
  answerClientErrors(app.getHttpServer());
  applyRequestDeadline(app.getHttpServer());
  if (config.corsOrigins.length > 0) {
    // Listed origins only, with cookies; a preflight is answered here, before any guard asks for a token.
    // Decided per request: the cors package would send Allow-Credentials to any origin otherwise.
    const listed = new Set(config.corsOrigins);
    app.enableCors((request: { headers: { origin?: string } }, decide) =>
      decide(null, listed.has(request.headers.origin ?? '') ? { origin: true, credentials: true, maxAge: 600 } : { origin: false }),
    );
  }
  app.useStaticAssets(PUBLIC, { index: false, fallthrough: true });
  app.useGlobalPipes(new StrictValidationPipe());
  const { httpAdapter } = app.get(HttpAdapterHost);
  app.useGlobalFilters(new ErrorShapeFilter(httpAdapter), new DomainErrorFilter(httpAdapter));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true }); // exit 0 once shut down, not by the signal

  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}

const SESSION_SCHEME = 'session';

function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Herald')
    .setDescription(
      'Users over REST; every change streamed as a domain event on GET /events (Server-Sent Events), whose messages /asyncapi.json describes. ' +
        'The security schemes apply when AUTH_MODE=jwt.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a JSON Web Token with the scope the route names' }, BEARER_SCHEME)
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: 'set by POST /auth/session; GET requests only' }, SESSION_SCHEME)
    .build();
  return withSessionCookie(withEdgeErrors(SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] })));
}

/** Every GET that takes a bearer token takes the session cookie instead (takesTheCookie); writes never do. */
function withSessionCookie(document: OpenAPIObject): OpenAPIObject {
  for (const { get } of Object.values(document.paths)) {
    if (get?.security?.some((requirement) => BEARER_SCHEME in requirement)) get.security = [...get.security, { [SESSION_SCHEME]: [] }];
  }
  return document;
}
