// A screen reader hears at most one summary this often, however busy the stream.
const QUIET_MS = 5_000;

/** A polite live region that sums up new events instead of reading each one. */
export class Announcer {
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly region: HTMLElement) {}

  eventArrived(): void {
    this.pending += 1;
    this.timer ??= setTimeout(() => this.flush(), QUIET_MS);
  }

  private flush(): void {
    this.region.textContent = this.pending === 1 ? '1 new event' : `${this.pending} new events`;
    this.pending = 0;
    this.timer = null;
  }
}
