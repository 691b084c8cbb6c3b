import { type ConnectionState, CONNECTING } from './connection-state.js';
import { FollowerRole } from './follower-role.js';
import { LeaderRole, type RoleCallbacks } from './leader-role.js';
import { TabChannel } from './tab-channel.js';
import { TabDeliveries } from './tab-deliveries.js';
import { canShareTabs, TabLeadership } from './tab-leadership.js';

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
 * Herald's event stream for one tab, shared with the other tabs of the origin where the browser allows:
 * the tab holding the Web Lock holds the connection, the others follow it over a BroadcastChannel.
 * onState is called when the connection's state or the tab's role changes; `state` is always current,
 * its lastEventId included.
 */
export function openSharedStream(options: SharedStreamOptions): SharedStream {
  const url = options.url ?? '/events';
  const name = options.channel ?? 'herald:events';
  const deliveries = new TabDeliveries(checkedPosition(options.after), options.onEvent);
  let role: StreamState['role'] = 'leader';
  let connection: ConnectionState = CONNECTING;
  let closed = false;
  const state = (): StreamState => ({ ...connection, lastEventId: deliveries.last, role });
  const update = (next: ConnectionState, nextRole: StreamState['role'] = role): void => {
    if (sameState(next, connection) && nextRole === role) return;
    [connection, role] = [next, nextRole];
    options.onState(state());
  };
  const callbacks: RoleCallbacks = { onReset: options.onReset, onConnectionState: (next) => update(next) };

  // Without Web Locks or BroadcastChannel every tab holds a stream of its own.
  const channel = canShareTabs() ? new TabChannel(name) : null;
  const leadership = channel ? new TabLeadership(name) : null;
  const lead = (): LeaderRole => {
    const leader = new LeaderRole(url, deliveries, callbacks, channel);
    update(leader.state, 'leader');
    leader.start();
    return leader;
  };
  let current: LeaderRole | FollowerRole;
  if (channel && leadership) {
    const follower = new FollowerRole(newTabId(), deliveries, callbacks, channel);
    current = follower;
    role = 'follower';
    follower.start();
    leadership.request(() => {
      if (closed) return;
      follower.close();
      current = lead();
    });
  } else {
    current = lead();
  }

  return {
    get state() {
      return state();
    },
    restart: (after) => current.restart(checkedPosition(after)),
    close: () => {
      if (closed) return;
      closed = true;
      current.close();
      leadership?.release();
      channel?.close();
      update({ ...connection, status: 'closed', retryAt: null, reason: null });
    },
  };
}

// The server would answer 400 to every attempt: better said once, to the caller, than retried for ever.
function checkedPosition(after: number): number {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`after must be a non-negative integer, not ${after}`);
  return after;
}

const sameState = (a: ConnectionState, b: ConnectionState): boolean =>
  a.status === b.status && a.reconnects === b.reconnects && a.retryAt === b.retryAt && a.reason === b.reason;

const newTabId = (): string => globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
