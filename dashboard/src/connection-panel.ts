import type { StreamState, StreamStatus } from '../../client/herald-stream.js';
import { byId } from './dom.js';

// Events per second over this window, refreshed once a second.
const RATE_WINDOW_MS = 5_000;

const LABELS: Readonly<Record<StreamStatus, string>> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'offline',
  unauthorized: 'signed out',
  closed: 'closed',
};

/** The connection's state as a person reads it: status, last id, events per second, reconnects, role. */
export class ConnectionPanel {
  private readonly arrivals: number[] = [];
  private state: StreamState | null = null;
  private readonly status = byId('status');
  private readonly banner = byId('offline-banner');

  constructor() {
    setInterval(() => this.showRate(), 1_000);
  }

  show(state: StreamState): void {
    this.state = state;
    const live = state.status === 'live';
    this.status.textContent = LABELS[state.status];
    this.status.className = `status ${live ? 'live' : state.status === 'connecting' ? 'connecting' : 'down'}`;
    this.status.dataset.status = state.status;
    byId('last-id').textContent = state.lastEventId === null ? '—' : `#${state.lastEventId}`;
    byId('reconnects').textContent = String(state.reconnects);
    byId('role').textContent = state.role;
    byId('role').title = state.role === 'leader' ? 'This tab holds the connection and shares it with your other tabs' : 'Another tab holds the connection and shares it with this one';
    this.banner.hidden = live || state.status === 'connecting';
    byId('offline-text').textContent = this.bannerText(state);
  }

  /** An event delivered to this tab: onState is not called for each one. */
  delivered(id: number): void {
    this.arrivals.push(Date.now());
    byId('last-id').textContent = `#${id}`;
  }

  private bannerText(state: StreamState): string {
    const reason = state.reason === null ? '' : ` (${state.reason})`;
    const wait = state.retryAt === null ? '' : ` Next attempt in ${Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000))} s.`;
    switch (state.status) {
      case 'offline':
        return `You are offline${reason}. What is shown may be out of date; changes are paused until the connection is back.${wait}`;
      case 'unauthorized':
        return 'Not signed in, or the session has expired. Sign in to see live changes.';
      case 'closed':
        return 'The live connection is closed. Reload the page to open it again.';
      default:
        return `No live connection${reason}; reconnecting. Changes are paused until it is back.${wait}`;
    }
  }

  private showRate(): void {
    const since = Date.now() - RATE_WINDOW_MS;
    while (this.arrivals.length > 0 && this.arrivals[0]! < since) this.arrivals.shift();
    const rate = this.arrivals.length / (RATE_WINDOW_MS / 1000);
    byId('rate').textContent = rate === 0 ? '0' : rate < 10 ? rate.toFixed(1) : String(Math.round(rate));
    // While waiting, the seconds to the next attempt count down.
    if (this.state !== null && this.state.retryAt !== null) byId('offline-text').textContent = this.bannerText(this.state);
  }
}
