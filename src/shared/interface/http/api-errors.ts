import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';

/** Nest's error shape, which every error of this service has: the schema of each error response in /docs-json. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 400 }) readonly statusCode!: number;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'what went wrong; for a 400, a list of every reason',
  })
  readonly message!: string | string[];
  @ApiProperty({ example: 'Bad Request' }) readonly error!: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 429 | 503;

const MEANING: Readonly<Record<ErrorStatus, string>> = {
  400: 'invalid input: message lists every reason',
  401: 'no valid token (AUTH_MODE=jwt)',
  403: 'a valid token without the scope',
  404: 'not found',
  408: 'the headers and body did not arrive within 30 s',
  409: 'conflicts with what is stored',
  413: 'the body is over 16 KiB',
  415: 'the body is not uncompressed UTF-8 JSON',
  429: 'too many requests from this client',
  503: 'the database does not answer',
};

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' } } };
const HEADERS: Partial<Record<ErrorStatus, Record<string, { description: string; schema: { type: string } }>>> = {
  401: { 'WWW-Authenticate': { description: 'Bearer, with error="invalid_token" when a token was sent', schema: { type: 'string' } } },
  429: RETRY_AFTER,
  503: RETRY_AFTER,
};

/** The error responses of a route, each in Nest's error shape; a pair gives the route's own words for that status. */
export function ApiErrors(...errors: readonly (ErrorStatus | readonly [ErrorStatus, string])[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...errors.map((error) => {
      const [status, description] = typeof error === 'number' ? [error, MEANING[error]] : error;
      return ApiResponse({ status, description, type: ErrorResponse, ...(HEADERS[status] && { headers: HEADERS[status] }) });
    }),
  );
}

const EDGE_403 = 'a Host header that names neither this machine nor HOST (AUTH_MODE unset)';

/**
 * Adds the answers any route may give, whatever its controller, since they come before any route: a 408 for a
 * request that does not arrive in time, a 403 for a Host header that is not this machine's without access control.
 */
export function withEdgeErrors(document: OpenAPIObject): OpenAPIObject {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } });
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.delete, path.patch, path.head]) {
      if (operation === undefined) continue;
      const forbidden = operation.responses['403'];
      operation.responses['403'] = forbidden && 'description' in forbidden ? { ...forbidden, description: `${forbidden.description}; or ${EDGE_403}` } : error(EDGE_403);
      operation.responses['408'] ??= error(MEANING[408]);
    }
  }
  return document;
}
