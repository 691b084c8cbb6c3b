/** Why a stream could not be opened, as far as the page can learn it. */
export type StreamFailure =
  | { readonly kind: 'http'; readonly status: number; readonly retryAfterSeconds: number | null }
  | { readonly kind: 'network' };

export interface RetryPlan {
  readonly delayMs: number;
  readonly reason: string;
  /** The credentials were refused: nothing but a new session (or a slow retry) will help. */
  readonly unauthorized: boolean;
}

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
const UNAUTHORIZED_RETRY_MS = 30_000;
const RETRY_AFTER_JITTER_MS = 1000;

/**
 * When to try again after the attempt-th failure in a row (0 for the first). Jitter spreads the tabs of
 * every user a restarted server dropped, so that they do not all come back in the same instant.
 * random is Math.random unless a test fixes it.
 */
export function planRetry(failure: StreamFailure, attempt: number, random: () => number = Math.random): RetryPlan {
  // A probe that got through (2xx, 3xx) means the failure was on the way, not an answer of the server.
  if (failure.kind === 'network' || failure.status < 400) return { delayMs: backoff(attempt, random), reason: 'network', unauthorized: false };
  const reason = `HTTP ${failure.status}`;
  if (failure.status === 401 || failure.status === 403) {
    return { delayMs: UNAUTHORIZED_RETRY_MS + jitter(UNAUTHORIZED_RETRY_MS / 6, random), reason, unauthorized: true };
  }
  if ((failure.status === 429 || failure.status === 503) && failure.retryAfterSeconds !== null) {
    return { delayMs: failure.retryAfterSeconds * 1000 + jitter(RETRY_AFTER_JITTER_MS, random), reason, unauthorized: false };
  }
  return { delayMs: backoff(attempt, random), reason, unauthorized: false };
}

/** Retry-After as delay-seconds; the HTTP-date form is read too, against the page's clock. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  // An HTTP-date names its day and month; Date.parse alone would take '-3' for a year.
  const date = /[a-z]{3}/i.test(header) ? Date.parse(header) : Number.NaN;
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

// 1 s doubling to 30 s; "equal jitter": at least half the step, so that a retry never comes at once.
function backoff(attempt: number, random: () => number): number {
  const step = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(attempt, 16));
  return step / 2 + jitter(step / 2, random);
}

const jitter = (spanMs: number, random: () => number): number => Math.floor(random() * spanMs);
