import type { StreamState } from './herald-stream.js';

/** What the tab holding the connection knows of it, and tells the other tabs: a StreamState without the tab's own part. */
export type ConnectionState = Pick<StreamState, 'status' | 'reconnects' | 'retryAt' | 'reason'>;

export const CONNECTING: ConnectionState = { status: 'connecting', reconnects: 0, retryAt: null, reason: null };
