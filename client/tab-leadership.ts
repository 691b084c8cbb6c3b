/** Whether this browser lets the tabs of an origin elect one and talk to each other. */
export function canShareTabs(): boolean {
  return typeof BroadcastChannel === 'function' && typeof globalThis.navigator?.locks?.request === 'function';
}

/**
 * The tab's place in the queue for one Web Lock. The holder never gives it back while it lives; the
 * browser releases it when the tab closes or crashes, and grants it to the next tab in the queue.
 */
export class TabLeadership {
  private readonly released = new AbortController();

  constructor(private readonly name: string) {}

  /** Calls onLead once the lock is this tab's, unless release() came first. */
  request(onLead: () => void): void {
    const { signal } = this.released;
    navigator.locks
      .request(this.name, { signal }, () => {
        onLead();
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      })
      .catch(() => undefined); // an AbortError: released while still in the queue
  }

  /** Leaves the queue, or lets go of the lock: the next tab in the queue leads. */
  release(): void {
    this.released.abort();
  }
}
