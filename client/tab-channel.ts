import type { ConnectionState } from './connection-state.js';
import type { HeraldEvent, StreamReset } from './herald-stream.js';

/** What the tabs of one origin say to each other; the leader holds the connection, followers listen. */
export type TabMessage =
  | { readonly kind: 'event'; readonly event: HeraldEvent }
  | { readonly kind: 'state'; readonly state: ConnectionState }
  | { readonly kind: 'reset'; readonly reset: StreamReset }
  /** A tab took the lead: every follower says hello again. */
  | { readonly kind: 'leader' }
  /** A follower's last delivered id; `hello` numbers its hellos, so that it can tell a stale answer. */
  | { readonly kind: 'hello'; readonly from: string; readonly hello: number; readonly after: number }
  /** The answer to one hello: the events after its id, or null when the leader cannot cover them; upTo is the leader's last id. */
  | {
      readonly kind: 'history';
      readonly to: string;
      readonly hello: number;
      readonly events: readonly HeraldEvent[] | null;
      readonly upTo: number;
      readonly state: ConnectionState;
    }
  /** A follower's application restarted the stream: a leader that is waiting to retry tries now. */
  | { readonly kind: 'retry' };

const KINDS = new Set<string>(['event', 'state', 'reset', 'leader', 'hello', 'history', 'retry']);

/** A typed BroadcastChannel. A tab never receives its own messages. */
export class TabChannel {
  private readonly channel: BroadcastChannel;

  constructor(name: string) {
    this.channel = new BroadcastChannel(name);
  }

  post(message: TabMessage): void {
    this.channel.postMessage(message);
  }

  listen(handler: (message: TabMessage) => void): void {
    // Any page of the origin may post on the channel: a message of another shape is not ours to act on.
    this.channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (isTabMessage(data)) handler(data);
    };
  }

  close(): void {
    this.channel.onmessage = null;
    this.channel.close();
  }
}

function isTabMessage(data: unknown): data is TabMessage {
  return typeof data === 'object' && data !== null && KINDS.has(String((data as { kind?: unknown }).kind));
}
