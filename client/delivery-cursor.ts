import type { HeraldEvent } from './herald-stream.js';

/** The last id a tab has delivered; an event gets through only past it, so each id is delivered once and in order. */
export class DeliveryCursor {
  constructor(private lastId: number) {}

  get last(): number {
    return this.lastId;
  }

  /** True when the event is new to this tab (and it now counts as delivered). */
  accept(event: HeraldEvent): boolean {
    if (event.id <= this.lastId) return false;
    this.lastId = event.id;
    return true;
  }

  /** After a reset or a reload: only ids past this one from now on, even if it is behind what was delivered. */
  moveTo(id: number): void {
    this.lastId = id;
  }
}
