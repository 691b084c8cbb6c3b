import { UnauthorizedException } from '@nestjs/common';
import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { InvalidToken, type TokenVerifier } from '../../application/ports/token-verifier.js';
import type { Principal } from '../../application/principal.js';

export const SESSION_COOKIE = 'herald_session';

// A browser sends cookies by itself, also on a forged cross-site form: only reads may rely on one.
const READS = new Set(['GET', 'HEAD']);

/** Whether a request of this method may present the session cookie instead of the header. */
export const takesTheCookie = (request: Request): boolean => READS.has(request.method);

/** The token of the Authorization header: null without one, '' for one that is not a bearer token. */
export function headerToken(request: Request): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  return /^Bearer +(\S+) *$/i.exec(header)?.[1] ?? '';
}

/** The token a request presents: its Authorization header, or for a read, the session cookie. */
export function presentedToken(request: Request): string | null {
  const token = headerToken(request);
  if (token !== null || !takesTheCookie(request)) return token;
  const cookies = request.headers.cookie;
  return (cookies && parse(cookies)[SESSION_COOKIE]) || null;
}

/**
 * The principal a token speaks for, or a 401 with the WWW-Authenticate RFC 6750 asks for: plain
 * "Bearer" when no token came (null), error="invalid_token" when one did and does not verify.
 */
export async function authenticate(verifier: TokenVerifier, token: string | null, response: Response, missing: string): Promise<Principal> {
  if (token === null) {
    response.setHeader('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException(missing);
  }
  try {
    return await verifier.verify(token);
  } catch (error) {
    if (!(error instanceof InvalidToken)) throw error;
    response.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error.message}"`);
    throw new UnauthorizedException(error.message);
  }
}
