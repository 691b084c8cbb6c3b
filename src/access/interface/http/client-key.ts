import type { Request } from 'express';
import { principalOf } from './request-principal.js';

/**
 * Who a limit counts against: the token's subject when there is one, else the address the request came
 * from (request.ip, which believes X-Forwarded-For only from the proxies TRUST_PROXY names).
 */
export function clientKey(request: Request): string {
  const subject = principalOf(request).subject;
  return subject !== null ? `sub:${subject}` : `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
}
