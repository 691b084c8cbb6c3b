import { ApiError, UNREACHABLE } from './api-error.js';

/** A user as the API answers it; email is absent for a token without users:read. */
export interface User {
  readonly id: string;
  readonly email?: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface UserPage {
  readonly items: readonly User[];
  readonly nextCursor: string | null;
  /** The event-log position the page reflects; 0 from a service that does not send it yet. */
  readonly position: number;
}

export const PAGE_SIZE = 20;

// A token pasted into the page lives in this tab's memory only. Reads and the stream use the HttpOnly cookie
// it was exchanged for; writes send it as a header, since the service never takes the cookie for a write.
let token: string | null = null;

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null && init.method !== undefined && init.method !== 'GET') headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw UNREACHABLE;
  }
  if (!response.ok) throw await ApiError.from(response);
  return response;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export async function listUsers(cursor: string | null = null): Promise<UserPage> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor !== null) query.set('cursor', cursor);
  const page = (await (await call(`/users?${query}`)).json()) as Partial<UserPage>;
  return { items: page.items ?? [], nextCursor: page.nextCursor ?? null, position: page.position ?? 0 };
}

export async function createUser(email: string, name: string): Promise<User> {
  return (await (await call('/users', json('POST', { email, name }))).json()) as User;
}

export async function renameUser(id: string, name: string): Promise<User> {
  return (await (await call(`/users/${encodeURIComponent(id)}`, json('PATCH', { name }))).json()) as User;
}

export async function deleteUser(id: string): Promise<void> {
  await call(`/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Exchanges a token for the session cookie, and keeps it for writes. */
export async function signIn(candidate: string): Promise<void> {
  await call('/auth/session', { method: 'POST', headers: { authorization: `Bearer ${candidate}` } });
  token = candidate;
}

/** An event type as the AsyncAPI document describes it. */
export interface EventTypeInfo {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
}

/** The event types of GET /asyncapi.json; none when the document is missing or unreadable. */
export async function describedEventTypes(): Promise<readonly EventTypeInfo[]> {
  try {
    const document = (await (await call('/asyncapi.json')).json()) as { components?: { messages?: Record<string, Partial<EventTypeInfo>> } };
    return Object.values(document.components?.messages ?? {})
      .filter((message): message is Partial<EventTypeInfo> & { name: string } => typeof message.name === 'string')
      .map(({ name, title, summary }) => ({ name, title: title ?? name, summary: summary ?? '' }));
  } catch {
    return [];
  }
}
