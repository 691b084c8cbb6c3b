/**
 * One timer for every stream with the same heartbeat period, instead of one per stream: a held stream
 * then costs no timer, and a quiet one gets its heartbeat between 1 and 1.25 periods after its last message.
 */
export class Heartbeats {
  private readonly watchers = new Set<(now: number) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly periodMs: number) {}

  /** Calls check(now) a few times per period while watched; returns the function that stops it. */
  watch(check: (now: number) => void): () => void {
    this.watchers.add(check);
    this.timer ??= setInterval(() => this.tick(), Math.max(1, Math.floor(this.periodMs / 4))).unref();
    return () => {
      this.watchers.delete(check);
      if (this.watchers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private tick(): void {
    const now = Date.now();
    for (const check of this.watchers) check(now);
  }
}

const byPeriod = new Map<number, Heartbeats>();

/** The shared heartbeats of a period. */
export function heartbeats(periodMs: number): Heartbeats {
  let shared = byPeriod.get(periodMs);
  if (!shared) {
    shared = new Heartbeats(periodMs);
    byPeriod.set(periodMs, shared);
  }
  return shared;
}
