/** One payload field as the event list shows it. */
export interface ShownField {
  readonly key: string;
  readonly value: string;
}

/** What the event list says of an event's payload, keyed on its fields, never on its type. */
export interface EventSummary {
  /** "Ann → Annie" when the payload has previousName and name; otherwise null. */
  readonly change: string | null;
  readonly fields: readonly ShownField[];
}

// Shown elsewhere in the row (the aggregate id and the time), or already in the change.
const SHOWN_APART = new Set(['id', 'occurredAt']);

export function summarise(data: Readonly<Record<string, unknown>>): EventSummary {
  const { previousName, name } = data;
  const change = typeof previousName === 'string' && typeof name === 'string' ? `${previousName} → ${name}` : null;
  const fields = Object.entries(data)
    .filter(([key]) => !SHOWN_APART.has(key) && !(change !== null && (key === 'previousName' || key === 'name')))
    .map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
  return { change, fields };
}
