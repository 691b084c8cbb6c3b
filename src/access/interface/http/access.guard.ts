import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppConfig } from '../../../config/app-config.js';
import { TokenVerifier } from '../../application/ports/token-verifier.js';
import { Principal } from '../../application/principal.js';
import { authenticate, presentedToken, takesTheCookie } from './bearer-token.js';
import { ROUTE_ACCESS, type RouteAccess } from './require-scope.decorator.js';
import { setPrincipal } from './request-principal.js';

/**
 * Decides every route by what it declares (@RequireScope or @NoTokenNeeded): with AUTH_MODE=jwt a
 * route that declares nothing still needs a valid token. 401 says "who are you", 403 "not this".
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (this.config.access.mode !== 'jwt') {
      setPrincipal(request, Principal.anyone);
      return true;
    }
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [context.getHandler(), context.getClass()]);
    if (access !== undefined && 'public' in access) return true;
    const response = context.switchToHttp().getResponse<Response>();
    const missing = takesTheCookie(request) ? 'a bearer token or a session cookie is required' : 'a bearer token is required';
    const principal = await authenticate(this.verifier, presentedToken(request), response, missing);
    setPrincipal(request, principal);
    if (access !== undefined && !principal.may(access.scope)) {
      response.setHeader('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${access.scope}"`);
      throw new ForbiddenException(`this route needs the scope ${access.scope}`);
    }
    return true;
  }
}
