import type { HeraldEvent } from './herald-stream.js';

/**
 * A follower tab between its hello and the leader's answer: live broadcasts that come meanwhile are held,
 * then merged by id with the answer's history and offered in order. offer() drops what the tab already
 * delivered, so the overlap of the two costs nothing and nothing in between is lost.
 */
export class CatchUp {
  private held: HeraldEvent[] | null = null;

  constructor(private readonly offer: (event: HeraldEvent) => void) {}

  get waiting(): boolean {
    return this.held !== null;
  }

  /** A hello went out: hold live events until its answer. Events held for an earlier hello stay held. */
  awaitHistory(): void {
    this.held ??= [];
  }

  live(event: HeraldEvent): void {
    if (this.held) this.held.push(event);
    else this.offer(event);
  }

  /** The leader's answer: what it had after this tab's last id, possibly overlapping the held events. */
  history(events: readonly HeraldEvent[]): void {
    const merged = [...events, ...(this.held ?? [])].sort((a, b) => a.id - b.id);
    this.held = null;
    for (const event of merged) this.offer(event);
  }

  /** Drops what is held: the tab gets it another way (a connection of its own, or a reload). */
  abandon(): void {
    this.held = null;
  }
}
