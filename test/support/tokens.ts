import { SignJWT } from 'jose';

/** The shared secret the access tests boot the service with (HS256 needs 32 bytes or more). */
export const TEST_SECRET = 'test-secret-of-at-least-32-bytes-0123456789';

/** The settings of a service that takes the tokens mintToken() makes. */
export const JWT_MODE = { AUTH_MODE: 'jwt', AUTH_SECRET: TEST_SECRET } as const;

export interface TokenClaims {
  readonly sub?: string;
  readonly scope?: string;
  readonly scp?: readonly string[];
  readonly iss?: string;
  readonly aud?: string;
  /** Seconds from now; negative for a token that has expired. Default one hour. */
  readonly expiresIn?: number;
  /** false: a token without exp. */
  readonly withExp?: boolean;
}

/** A token as an issuer would mint it for this service, signed with HS256. */
export async function mintToken(claims: TokenClaims = {}, secret: string = TEST_SECRET): Promise<string> {
  const { expiresIn = 3600, withExp = true, sub = 'tester', ...rest } = claims;
  const jwt = new SignJWT({ ...rest }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt();
  if (withExp) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn);
  return jwt.sign(new TextEncoder().encode(secret));
}

export const ALL_SCOPES = 'users:read users:write events:read metrics:read';

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
