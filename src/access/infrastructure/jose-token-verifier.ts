import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AccessSettings } from '../../config/app-config.js';
import { InvalidToken, TokenVerifier } from '../application/ports/token-verifier.js';
import { Principal, type Scope, SCOPES } from '../application/principal.js';

const CLOCK_SKEW_S = 30;
// jose fetches the key set again on an unknown kid, at most this often: a rotation is picked up at once.
const JWKS_COOLDOWN_MS = 1_000;
const ASYMMETRIC = ['RS256', 'ES256', 'EdDSA'];

function scopesOf(payload: JWTPayload): Set<Scope> {
  const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : Array.isArray(payload.scp) ? payload.scp : [];
  return new Set(SCOPES.filter((scope) => granted.includes(scope)));
}

/** Verifies JWTs with jose: HS256 and AUTH_SECRET, or the issuer's keys at AUTH_JWKS_URL. */
export class JoseTokenVerifier extends TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly settings: AccessSettings) {
    super();
    if (settings.secret !== null) {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256'];
    } else {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl as string), { cooldownDuration: JWKS_COOLDOWN_MS });
      this.algorithms = ASYMMETRIC;
    }
  }

  override async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        clockTolerance: CLOCK_SKEW_S,
        requiredClaims: ['exp'],
        ...(this.settings.issuer !== null && { issuer: this.settings.issuer }),
        ...(this.settings.audience !== null && { audience: this.settings.audience }),
      });
      const subject = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
      const expiresAt = new Date((payload.exp as number) * 1000);
      // jose takes any future exp; one past what a Date holds (year 275760) is no real token.
      if (Number.isNaN(expiresAt.getTime())) throw new InvalidToken("the token's exp claim is out of range");
      return new Principal(subject, scopesOf(payload), expiresAt);
    } catch (error) {
      if (error instanceof InvalidToken) throw error;
      throw new InvalidToken(reasonFor(error));
    }
  }
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token is not signed with a key this service trusts';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is signed with a key the issuer does not publish';
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError && error.code === 'ERR_JWKS_INVALID') {
    return "the issuer's keys could not be read";
  }
  return 'the token is malformed';
}
