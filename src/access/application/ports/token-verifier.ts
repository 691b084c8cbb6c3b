import type { Principal } from '../principal.js';

/** Why a token was refused, in words safe for a client and a log (never the token itself). */
export class InvalidToken extends Error {}

/** Turns a bearer token into the principal it speaks for, or rejects with InvalidToken. */
export abstract class TokenVerifier {
  abstract verify(token: string): Promise<Principal>;
}
