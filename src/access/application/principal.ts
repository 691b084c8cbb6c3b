export const SCOPES = ['users:read', 'users:write', 'events:read', 'metrics:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is asking and what they may do: from a verified token, or everyone when access is not controlled. */
export class Principal {
  constructor(
    /** The token's `sub`; null without a token, and then the client is known by its address. */
    readonly subject: string | null,
    readonly scopes: ReadonlySet<Scope>,
    /** When the token expires; null when no token is involved. */
    readonly expiresAt: Date | null,
  ) {}

  /** Anyone at all, with every scope: AUTH_MODE unset or off. */
  static readonly anyone = new Principal(null, new Set(SCOPES), null);

  may(scope: Scope): boolean {
    return this.scopes.has(scope);
  }
}
