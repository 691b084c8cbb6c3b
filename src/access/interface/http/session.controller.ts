import { Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '../../../config/app-config.js';
import { isLoopback } from '../../../config/access-rules.js';
import { TokenVerifier } from '../../application/ports/token-verifier.js';
import { authenticate, headerToken, SESSION_COOKIE } from './bearer-token.js';
import { ApiErrors } from '../../../shared/interface/http/api-errors.js';
import { BEARER_SCHEME, NoTokenNeeded } from './require-scope.decorator.js';

// Browsers keep a cookie 400 days at most (RFC 6265bis); a longer Max-Age only reads as that.
const MAX_COOKIE_AGE_MS = 400 * 24 * 3600 * 1000;

/** Plain HTTP is only safe for a cookie that never leaves this machine. */
function secure(request: Request): boolean {
  return request.secure || !isLoopback(request.socket.localAddress ?? '');
}

/** For browsers, whose EventSource cannot send a header: a bearer token exchanged for an HttpOnly cookie. */
@ApiTags('access')
@NoTokenNeeded()
@Controller('auth/session')
export class SessionController {
  constructor(
    private readonly config: AppConfig,
    private readonly verifier: TokenVerifier,
  ) {}

  @Post()
  @HttpCode(204)
  @ApiHeader({ name: 'Authorization', description: 'Bearer <token>', required: true })
  @ApiBearerAuth(BEARER_SCHEME)
  @ApiNoContentResponse({
    description: `sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Strict) for the token's lifetime; with AUTH_MODE other than jwt, sets nothing`,
    headers: { 'Set-Cookie': { description: `${SESSION_COOKIE}=<token>; HttpOnly; SameSite=Strict; Path=/; Max-Age=…`, schema: { type: 'string' } } },
  })
  @ApiErrors([401, 'no valid bearer token; no cookie is set'])
  async open(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (this.config.access.mode !== 'jwt') return; // nothing to remember without access control
    const token = headerToken(request);
    const principal = await authenticate(this.verifier, token || null, response, 'a bearer token is required');
    const maxAge = Math.min(MAX_COOKIE_AGE_MS, Math.max(0, (principal.expiresAt as Date).getTime() - Date.now()));
    response.cookie(SESSION_COOKIE, token as string, this.cookieOptions(request, maxAge));
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: `clears the ${SESSION_COOKIE} cookie` })
  close(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    response.clearCookie(SESSION_COOKIE, this.cookieOptions(request, undefined));
  }

  private cookieOptions(request: Request, maxAge: number | undefined): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', path: '/', secure: secure(request), ...(maxAge !== undefined && { maxAge }) };
  }
}
