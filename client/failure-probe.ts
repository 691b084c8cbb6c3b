import { parseRetryAfter, type StreamFailure } from './retry-policy.js';

/**
 * EventSource reports no HTTP status, so ask the same URL once with fetch to learn why it failed. The
 * body is dropped as soon as the headers are in: on a 200 it would be a stream of its own.
 */
export async function probeFailure(url: string): Promise<StreamFailure> {
  const probe = new AbortController();
  try {
    const response = await fetch(url, { credentials: 'include', cache: 'no-store', signal: probe.signal });
    return { kind: 'http', status: response.status, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) };
  } catch {
    return { kind: 'network' };
  } finally {
    probe.abort();
  }
}
