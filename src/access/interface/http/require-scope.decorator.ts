import { SetMetadata } from '@nestjs/common';
import type { Scope } from '../../application/principal.js';

/** What a route needs: a scope, or nothing at all (the dashboard, liveness, the session exchange). */
export type RouteAccess = { readonly scope: Scope } | { readonly public: true };

export const ROUTE_ACCESS = 'herald:route-access';

/** The route needs a token with this scope when AUTH_MODE=jwt. */
export const RequireScope = (scope: Scope): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ACCESS, { scope } satisfies RouteAccess);

/** The route needs no token in any mode. */
export const NoTokenNeeded = (): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ACCESS, { public: true } satisfies RouteAccess);
