import { DeliveryCursor } from './delivery-cursor.js';
import type { HeraldEvent } from './herald-stream.js';
import { RecentEvents } from './recent-events.js';

/** What one tab has delivered to its application: the last id, and the recent events another tab may ask for. */
export class TabDeliveries {
  private readonly cursor: DeliveryCursor;
  private readonly recent: RecentEvents;

  constructor(after: number, private readonly onEvent: (event: HeraldEvent) => void) {
    this.cursor = new DeliveryCursor(after);
    this.recent = new RecentEvents(after);
  }

  get last(): number {
    return this.cursor.last;
  }

  /** Delivers the event unless this tab already has it (or a later one); true when it did. */
  offer(event: HeraldEvent): boolean {
    if (!this.cursor.accept(event)) return false;
    this.recent.add(event);
    this.onEvent(event);
    return true;
  }

  /** A reset or a reload: deliver only ids past this one from now on. */
  jumpTo(id: number): void {
    this.cursor.moveTo(id);
    this.recent.startOver(id);
  }

  /** Every delivered event after the id, or null when this tab cannot cover that far back. */
  since(id: number): HeraldEvent[] | null {
    return this.recent.after(id);
  }
}
