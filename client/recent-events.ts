import type { HeraldEvent } from './herald-stream.js';

export const RECENT_EVENTS_KEPT = 2000;

/**
 * The events this tab delivered lately, for a tab that says hello behind it. `floor` is the id after which
 * the window is complete: everything delivered past it is held, so a tab whose last id is at or past it can be caught up.
 */
export class RecentEvents {
  private events: HeraldEvent[] = [];

  constructor(
    private floorId: number,
    private readonly capacity: number = RECENT_EVENTS_KEPT,
  ) {}

  get floor(): number {
    return this.floorId;
  }

  add(event: HeraldEvent): void {
    this.events.push(event);
    if (this.events.length > this.capacity) this.floorId = this.events.shift()!.id;
  }

  /** Every held event after the id, or null when the window starts later and cannot cover it. */
  after(id: number): HeraldEvent[] | null {
    if (id < this.floorId) return null;
    return this.events.filter((event) => event.id > id);
  }

  /** The tab jumped (a reset, a reload): what it holds no longer joins up with what comes next. */
  startOver(floor: number): void {
    this.events = [];
    this.floorId = floor;
  }
}
