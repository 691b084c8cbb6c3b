import type { EventTypeInfo } from './api.js';
import { h } from './dom.js';

// The hidden types, not the shown ones, go in the URL: a type the page has not met yet is shown.
const PARAMETER = 'hide';
// Not a domain event: the stream's own notice that it started over.
const NOT_A_CHOICE = 'stream.reset';

/** Which event types the list shows: one checkbox per type, kept in the URL so a reload or a shared link keeps it. */
export class TypeFilter {
  private readonly hidden: Set<string>;
  private readonly known = new Map<string, EventTypeInfo>();

  constructor(
    private readonly container: HTMLElement,
    private readonly onChange: () => void,
  ) {
    const saved = new URLSearchParams(location.search).get(PARAMETER);
    this.hidden = new Set(saved ? saved.split(',').filter(Boolean) : []);
    container.addEventListener('change', (event) => {
      const box = event.target as HTMLInputElement;
      if (box.checked) this.hidden.delete(box.value);
      else this.hidden.add(box.value);
      this.save();
      this.onChange();
    });
  }

  shows(type: string): boolean {
    return !this.hidden.has(type);
  }

  /** Types the AsyncAPI document describes, or that arrive on the stream; each becomes a choice once. */
  add(types: readonly EventTypeInfo[]): void {
    let added = false;
    for (const type of types) {
      if (type.name === NOT_A_CHOICE || this.known.has(type.name)) continue;
      this.known.set(type.name, type);
      added = true;
    }
    if (added) this.render();
  }

  title(type: string): string {
    return this.known.get(type)?.title ?? type;
  }

  private render(): void {
    this.container.replaceChildren(
      ...[...this.known.values()].map((type) =>
        h(
          'label',
          { class: 'chip', title: type.summary || type.name },
          h('input', { type: 'checkbox', value: type.name, checked: this.shows(type.name) }),
          h('span', {}, type.name),
        ),
      ),
    );
  }

  private save(): void {
    const url = new URL(location.href);
    if (this.hidden.size === 0) url.searchParams.delete(PARAMETER);
    else url.searchParams.set(PARAMETER, [...this.hidden].join(','));
    history.replaceState(history.state, '', url);
  }
}
