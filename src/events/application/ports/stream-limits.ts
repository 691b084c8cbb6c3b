/** The stream settings the events use cases work within: their own port, so that they never read the app's configuration. */
export abstract class StreamLimits {
  /** Events retained for resume (SSE_REPLAY_LIMIT). */
  abstract readonly replayLimit: number;
  /** Open streams in all (SSE_MAX_CONNECTIONS). */
  abstract readonly maxConnections: number;
  /** Open streams of one client (SSE_MAX_CONNECTIONS_PER_CLIENT). */
  abstract readonly maxConnectionsPerClient: number;
}
