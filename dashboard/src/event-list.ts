import type { HeraldEvent } from '../../client/herald-stream.js';
import { h } from './dom.js';
import { summarise } from './event-summary.js';
import type { TypeFilter } from './type-filter.js';

// What the list keeps, shown or hidden: enough to scroll back through a busy minute, bounded for a tab left open all day.
const KEPT = 500;

const timeOf = (data: HeraldEvent['data']): Date => new Date(typeof data.occurredAt === 'string' ? data.occurredAt : Date.now());

/** The live event list: every event received is kept (bounded), the filter decides what is shown. */
export class EventList {
  private readonly events: HeraldEvent[] = [];

  constructor(
    private readonly list: HTMLOListElement,
    private readonly empty: HTMLElement,
    private readonly count: HTMLElement,
    private readonly filter: TypeFilter,
  ) {
    this.render();
  }

  add(event: HeraldEvent): void {
    this.events.unshift(event);
    if (this.events.length > KEPT) this.events.length = KEPT;
    if (this.filter.shows(event.type)) this.list.prepend(this.row(event));
    while (this.list.childElementCount > KEPT) this.list.lastElementChild?.remove();
    this.update();
  }

  /** After a filter change: what was hidden and kept comes back, in order. */
  render(): void {
    this.list.replaceChildren(...this.events.filter((event) => this.filter.shows(event.type)).map((event) => this.row(event)));
    this.update();
  }

  private update(): void {
    const shown = this.list.childElementCount;
    const hidden = this.events.length - shown;
    this.empty.hidden = shown > 0;
    this.empty.textContent =
      this.events.length === 0
        ? 'No events yet. Every change to a user appears here the moment it happens.'
        : `All ${this.events.length} events so far are of types the filter hides.`;
    this.count.textContent = hidden > 0 ? `${shown} shown, ${hidden} hidden` : `${shown}`;
  }

  private row(event: HeraldEvent): HTMLLIElement {
    const { change, fields } = summarise(event.data);
    const at = timeOf(event.data);
    const aggregate = typeof event.data.id === 'string' ? event.data.id : null;
    return h(
      'li',
      { 'data-id': String(event.id), 'data-type': event.type },
      h(
        'div',
        { class: 'event-head' },
        h('span', { class: `type type-${event.type.replace(/[^a-z0-9]+/gi, '-')}`, title: this.filter.title(event.type) }, event.type),
        h('span', { class: 'event-id' }, `#${event.id}`),
        h('time', { datetime: at.toISOString(), title: at.toLocaleString() }, at.toLocaleTimeString()),
      ),
      h(
        'div',
        { class: 'event-body' },
        change !== null && h('span', { class: 'change' }, change),
        ...fields.map(({ key, value }) => h('span', { class: 'payload-field' }, h('span', { class: 'key' }, key), ' ', value)),
      ),
      aggregate !== null && h('div', { class: 'aggregate', title: 'aggregate id' }, aggregate),
    );
  }
}
