/**
 * How long a broker waits before its attempt-th reconnect: 100 ms doubling to 2 s, for ever, with up to 100 ms of
 * jitter so that instances that lost the server together do not come back in step. Meanwhile events between
 * instances go through the event log, a second late.
 */
export const reconnectDelay = (attempt: number): number => Math.min(100 * 2 ** (attempt - 1), 2000) + Math.floor(Math.random() * 100);
