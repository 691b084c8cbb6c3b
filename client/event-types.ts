/**
 * The event types the service streams, as its AsyncAPI document lists them (components.messages, each
 * named by its type). Read at run time so that a new event type needs no change here.
 */
export async function fetchEventTypes(url = '/asyncapi.json'): Promise<string[]> {
  const answer = await fetch(url, { credentials: 'same-origin' });
  if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
  return eventTypesOf(await answer.json());
}

/** The message names of an AsyncAPI document's components, stream.reset (the stream's own message) left out. */
export function eventTypesOf(document: unknown): string[] {
  const messages: unknown = (document as { components?: { messages?: unknown } } | null)?.components?.messages;
  if (typeof messages !== 'object' || messages === null) return [];
  return Object.values(messages)
    .map((message: unknown) => (message as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string' && name !== 'stream.reset');
}
