import type { IncomingMessage } from 'node:http';
import { Injectable, type NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Why this service would not read the request's body, or null when it would: JSON, in UTF-8 (what the
 * contract names), not compressed. Compression is refused rather than inflated: no client of this API
 * compresses a body of at most 16 KiB, and a decoder is one more way for a body to fail.
 */
export function unreadableBody({ headers }: IncomingMessage): string | null {
  const [mediaType = '', ...parameters] = (headers['content-type'] ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return 'Content-Type must be application/json';
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
    const charset = value.replace(/^"(.*)"$/, '$1');
    if (name.toLowerCase() === 'charset' && charset.toLowerCase() !== 'utf-8') return `charset ${charset} is not supported: send UTF-8`;
  }
  const encoding = (headers['content-encoding'] ?? '').trim();
  if (encoding !== '' && encoding.toLowerCase() !== 'identity') return `Content-Encoding ${encoding} is not supported: send the body uncompressed`;
  return null;
}

/** The JSON parser leaves any other body unread; this refuses it with 415, not as empty and missing its fields. */
@Injectable()
export class RequireJsonMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const refusal = unreadableBody(request);
    if (refusal !== null) throw new UnsupportedMediaTypeException(refusal);
    next();
  }
}
