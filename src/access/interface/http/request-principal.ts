import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Principal } from '../../application/principal.js';

const principals = new WeakMap<Request, Principal>();

export function setPrincipal(request: Request, principal: Principal): void {
  principals.set(request, principal);
}

/** Who the access guard found behind the request; anyone when access is not controlled. */
export function principalOf(request: Request): Principal {
  return principals.get(request) ?? Principal.anyone;
}

/** The request's principal as a handler parameter: `@Caller() caller: Principal`. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<Request>()),
);
