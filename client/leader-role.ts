import type { ConnectionState } from './connection-state.js';
import type { StreamReset } from './herald-stream.js';
import { ResumableStream } from './resumable-stream.js';
import type { TabChannel, TabMessage } from './tab-channel.js';
import type { TabDeliveries } from './tab-deliveries.js';

export interface RoleCallbacks {
  readonly onReset: (reset: StreamReset) => void;
  readonly onConnectionState: (state: ConnectionState) => void;
}

/**
 * The tab that holds the connection. It delivers to its own application and, when it shares, passes every
 * event, reset and state change on to the other tabs and answers their hellos from its recent events.
 */
export class LeaderRole {
  private readonly stream: ResumableStream;

  constructor(
    url: string,
    private readonly deliveries: TabDeliveries,
    callbacks: RoleCallbacks,
    private channel: TabChannel | null,
  ) {
    this.stream = new ResumableStream({
      url,
      // Its own last delivered id, not EventSource's: after a restart(after) behind it, they differ.
      resumeFrom: () => deliveries.last,
      onEvent: (event) => {
        if (deliveries.offer(event)) this.channel?.post({ kind: 'event', event });
      },
      onReset: (reset) => {
        deliveries.jumpTo(reset.resumeFrom);
        this.channel?.post({ kind: 'reset', reset });
        callbacks.onReset(reset);
      },
      onState: (state) => {
        this.channel?.post({ kind: 'state', state });
        callbacks.onConnectionState(state);
      },
    });
  }

  get state(): ConnectionState {
    return this.stream.current;
  }

  start(): void {
    this.channel?.listen((message) => this.answer(message));
    this.channel?.post({ kind: 'leader' });
    this.stream.start();
  }

  restart(after: number): void {
    const behind = after < this.deliveries.last;
    this.deliveries.jumpTo(after);
    // The open connection only goes forward: ids up to where it is come again only on a new one.
    if (behind || this.stream.current.status !== 'live') this.stream.reopen();
  }

  close(): void {
    this.channel = null; // the others are told by the next leader, not by this one's 'closed'
    this.stream.close();
  }

  private answer(message: TabMessage): void {
    if (message.kind === 'retry' && this.stream.current.retryAt !== null) return this.stream.reopen();
    if (message.kind !== 'hello') return;
    this.channel?.post({
      kind: 'history',
      to: message.from,
      hello: message.hello,
      events: this.deliveries.since(message.after),
      upTo: this.deliveries.last,
      state: this.stream.current,
    });
  }
}
