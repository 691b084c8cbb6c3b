import { ForbiddenException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isLoopback } from '../../../config/access-rules.js';

/**
 * Without access control the service is for this machine only. A page on any web site can make the
 * browser call 127.0.0.1 through a name it controls (DNS rebinding); the Host header gives it away.
 */
export function loopbackHostOnly(host: string): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    const name = hostName(request.headers.host ?? '');
    if (name !== null && (isLoopback(name) || name === host.toLowerCase())) return next();
    // Answered here, in Nest's shape: this runs before Nest's router and its filters, for every path.
    response.status(403).json(new ForbiddenException('this service answers only requests addressed to localhost').getResponse());
  };
}

/** The host part of a Host header ("[::1]:3000" → "::1", "localhost:3000" → "localhost"). */
function hostName(header: string): string | null {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d+)?$/i.exec(header.trim());
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : null;
}
