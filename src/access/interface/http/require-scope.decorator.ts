import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from '../../../shared/interface/http/api-errors.js';
import type { Scope } from '../../application/principal.js';

/** What a route needs: a scope, or nothing at all (the dashboard, liveness, the session exchange). */
export type RouteAccess = { readonly scope: Scope } | { readonly public: true };

export const ROUTE_ACCESS = 'herald:route-access';

/** The security scheme of /docs-json that a scope is checked against; app.ts adds the cookie to every GET that has it. */
export const BEARER_SCHEME = 'bearer';

/** The route needs a token with this scope when AUTH_MODE=jwt; /docs-json says so, with its 401 and 403. */
export const RequireScope = (scope: Scope): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { scope } satisfies RouteAccess),
    ApiBearerAuth(BEARER_SCHEME),
    ApiErrors(401, [403, `a valid token without the scope ${scope}`]),
  );

/** The route needs no token in any mode. */
export const NoTokenNeeded = (): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ACCESS, { public: true } satisfies RouteAccess);
