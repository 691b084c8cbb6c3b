import { parse } from 'cookie';
import type { Request } from 'express';

export const SESSION_COOKIE = 'herald_session';

// A browser sends cookies by itself, also on a forged cross-site form: only reads may rely on one.
const READS = new Set(['GET', 'HEAD']);

/** The token a request presents: its Authorization header, or for a read, the session cookie. */
export function presentedToken(request: Request): string | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(header);
    return match?.[1] ?? '';
  }
  if (!READS.has(request.method)) return null;
  const cookies = request.headers.cookie;
  return (cookies && parse(cookies)[SESSION_COOKIE]) || null;
}
