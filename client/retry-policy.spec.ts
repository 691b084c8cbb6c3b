import { parseRetryAfter, planRetry } from './retry-policy.js';

const lowest = () => 0;
const highest = () => 0.999_999;

describe('planRetry', () => {
  it('backs off a network failure from 1 s, doubling up to 30 s, never less than half a step', () => {
    const lows = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => planRetry({ kind: 'network' }, attempt, lowest).delayMs);
    const highs = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => planRetry({ kind: 'network' }, attempt, highest).delayMs);

    expect(lows).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    expect(highs).toEqual([999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
    expect(planRetry({ kind: 'network' }, 0)).toMatchObject({ reason: 'network', unauthorized: false });
  });

  it("waits a 503's or a 429's Retry-After, plus up to a second of jitter", () => {
    const unavailable = { kind: 'http', status: 503, retryAfterSeconds: 4 } as const;
    const tooMany = { kind: 'http', status: 429, retryAfterSeconds: 2 } as const;

    expect(planRetry(unavailable, 7, lowest)).toEqual({ delayMs: 4000, reason: 'HTTP 503', unauthorized: false });
    expect(planRetry(unavailable, 7, highest).delayMs).toBe(4999);
    expect(planRetry(tooMany, 0, lowest)).toEqual({ delayMs: 2000, reason: 'HTTP 429', unauthorized: false });
  });

  it('backs off a 503 without Retry-After like a network failure, naming the status', () => {
    expect(planRetry({ kind: 'http', status: 503, retryAfterSeconds: null }, 2, lowest)).toEqual({ delayMs: 2000, reason: 'HTTP 503', unauthorized: false });
    expect(planRetry({ kind: 'http', status: 500, retryAfterSeconds: null }, 0, lowest).reason).toBe('HTTP 500');
  });

  it('retries refused credentials slowly, every 30 to 35 s, and says they were refused', () => {
    expect(planRetry({ kind: 'http', status: 401, retryAfterSeconds: null }, 0, lowest)).toEqual({ delayMs: 30_000, reason: 'HTTP 401', unauthorized: true });
    expect(planRetry({ kind: 'http', status: 401, retryAfterSeconds: 1 }, 0, highest).delayMs).toBe(34_999);
    expect(planRetry({ kind: 'http', status: 403, retryAfterSeconds: null }, 0).unauthorized).toBe(true);
  });

  it('takes a probe that got through for a failure on the way', () => {
    expect(planRetry({ kind: 'http', status: 200, retryAfterSeconds: null }, 0, lowest)).toEqual({ delayMs: 500, reason: 'network', unauthorized: false });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and an HTTP-date, and nothing else', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Dec 2026 12:00:07 GMT', now)).toBe(7);
    expect(parseRetryAfter('Tue, 01 Dec 2026 11:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
  });
});
