/** A refusal in Nest's error shape, with the list of reasons a 400 gives. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reasons: readonly string[],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(reasons.join('; ') || `HTTP ${status}`);
  }

  static async from(response: Response): Promise<ApiError> {
    const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
    const message = body?.message;
    const reasons = Array.isArray(message) ? message.map(String) : typeof message === 'string' ? [message] : [];
    const retryAfter = Number(response.headers.get('retry-after'));
    return new ApiError(response.status, reasons, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
}

/** The service could not be reached at all. */
export const UNREACHABLE = new ApiError(0, ['The service cannot be reached; check your connection.']);

/** What a refusal means to a person. */
export function explain(error: ApiError): string {
  const detail = error.reasons.join('; ');
  switch (error.status) {
    case 0:
      return detail;
    case 401:
      return `Not signed in or the token has expired${detail ? ` (${detail})` : ''}. Paste a token above.`;
    case 403:
      return `Your token does not allow this${detail ? `: ${detail}` : ''}.`;
    case 429:
      return `Too many requests; try again in ${error.retryAfterSeconds ?? 'a few'} s.`;
    case 503:
      return 'The service is unavailable right now; try again in a moment.';
    default:
      return detail || `The service answered ${error.status}.`;
  }
}
