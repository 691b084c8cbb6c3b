import { isIP } from 'node:net';
import type { Environment } from './environment.js';

/** Whether an address or name reaches this machine only. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** The settings that only make sense together (Access in docs/api.md), one line per broken rule. */
export function accessRuleViolations(environment: Environment): string[] {
  const { AUTH_MODE, HOST, AUTH_SECRET, AUTH_JWKS_URL } = environment;
  const lines: string[] = [];
  if (AUTH_MODE === undefined && !isLoopback(HOST)) {
    lines.push(
      `  AUTH_MODE=undefined: unset, Herald has no access control and listens on loopback only, but HOST=${JSON.stringify(HOST)} is not a loopback address; set AUTH_MODE=jwt (or AUTH_MODE=off to expose it without access control)`,
    );
  }
  if (AUTH_MODE === 'jwt' && (AUTH_SECRET === undefined) === (AUTH_JWKS_URL === undefined)) {
    lines.push(
      `  AUTH_SECRET / AUTH_JWKS_URL: AUTH_MODE=jwt needs exactly one of them (a shared secret for HS256, or the URL of the issuer's keys)`,
    );
  }
  return lines;
}
