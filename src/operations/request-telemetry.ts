import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { HttpRequestMetrics } from './http-request-metrics.js';
import { requestIdOf } from './logging/request-id.js';
import { requestLine, routeOf } from './logging/request-line.js';

/** An opened event stream: it leaves lines and a histogram of its own (stream-opening.ts). */
const isEventStream = (response: Response): boolean => String(response.getHeader('content-type') ?? '').startsWith('text/event-stream');

/**
 * First in line, before any check that may refuse a request: gives every request its id (X-Request-Id, in and
 * out), writes one line when it ends (method, route, status, duration, client) and observes its duration.
 */
export function requestTelemetry(logger: Logger, metrics: HttpRequestMetrics): (request: Request, response: Response, next: NextFunction) => void {
  const logRequest = pinoHttp<Request, Response>({
    logger,
    genReqId: requestIdOf,
    // Each line of the request carries its id, and only that: the request's own fields are in its last line.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_request, response, error) => (isEventStream(response) ? 'silent' : error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (request, response, { responseTime }) => requestLine(request, response, responseTime),
    customErrorObject: (request, response, _error, { responseTime }) => requestLine(request, response, responseTime),
    customErrorMessage: () => 'request failed',
  });
  return (request, response, next) => {
    const started = performance.now();
    response.once('close', () => {
      if (!isEventStream(response)) metrics.observe(request.method, routeOf(request), response.statusCode, (performance.now() - started) / 1000);
    });
    logRequest(request, response, next);
  };
}
