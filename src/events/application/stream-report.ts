/** Why a stream ended: its client left, or the service ended it (a client that did not read, its token's end, shutdown, a failure). */
export type StreamEndReason = 'client-closed' | 'slow-reader' | 'token-expired' | 'shutdown' | 'error';

/** One stream's account for its close line: the events written to it, and why it ended. */
export class StreamReport {
  delivered = 0;
  private cause: StreamEndReason | null = null;

  /** The first cause stands: the socket closing after a cut-off does not make it the client's doing. */
  endedBy(reason: StreamEndReason): void {
    this.cause ??= reason;
  }

  /** A stream the service did not end was ended by its client. */
  get reason(): StreamEndReason {
    return this.cause ?? 'client-closed';
  }
}
