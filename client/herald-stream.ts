import type { ConnectionState } from './connection-state.js';
import { LeaderRole } from './leader-role.js';
import { TabDeliveries } from './tab-deliveries.js';

export interface HeraldEvent {
  readonly id: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}
export interface StreamReset {
  readonly lastEventId: string;
  readonly resumeFrom: number;
}
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized' | 'closed';
export interface StreamState {
  readonly status: StreamStatus;
  readonly lastEventId: number | null; // the last event this tab has delivered to onEvent
  readonly reconnects: number; // times the (leader's) connection was reopened after the first open
  readonly retryAt: number | null; // Date.now()-based time of the next attempt while waiting, else null
  readonly reason: string | null; // why not live: 'HTTP 503', 'HTTP 429', 'HTTP 401', 'network', 'offline'
  readonly role: 'leader' | 'follower';
}
export interface SharedStreamOptions {
  readonly url?: string; // default '/events' (same origin; the cookie herald_session authenticates)
  readonly after: number; // deliver events with id > after (the `position` of GET /users)
  readonly onEvent: (event: HeraldEvent) => void; // in id order, each id exactly once per tab
  readonly onReset: (reset: StreamReset) => void; // the app reloads (GET /users) then calls restart(position)
  readonly onState: (state: StreamState) => void;
  readonly channel?: string; // BroadcastChannel and Web Lock name, default 'herald:events'
}
export interface SharedStream {
  readonly state: StreamState;
  restart(after: number): void; // after a reset/reload: deliver only ids > after from now on
  close(): void; // let go of the lock/connection; another tab takes over
}

/**
 * Herald's event stream for one tab. onState is called when the connection's state or the tab's role
 * changes; `state` is always current, its lastEventId included.
 */
export function openSharedStream(options: SharedStreamOptions): SharedStream {
  const url = options.url ?? '/events';
  const deliveries = new TabDeliveries(options.after, options.onEvent);
  let connection: ConnectionState;
  const state = (): StreamState => ({ ...connection, lastEventId: deliveries.last, role: 'leader' });
  const leader = new LeaderRole(url, deliveries, {
    onReset: options.onReset,
    onConnectionState: (next) => {
      connection = next;
      options.onState(state());
    },
  }, null);
  connection = leader.state;
  leader.start();
  return {
    get state() {
      return state();
    },
    restart: (after) => leader.restart(after),
    close: () => leader.close(),
  };
}
