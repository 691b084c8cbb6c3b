/** A user as the contract defines it. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface UserPage {
  readonly items: User[];
  readonly nextCursor: string | null;
  /** The event-log position the page reflects. */
  readonly position: number;
}

/** Sends a JSON body (an object is serialised, a string is sent as it is) with Content-Type application/json. */
export function sendJson(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function createUser(baseUrl: string, email: string, name: string): Promise<User> {
  const response = await sendJson(baseUrl, 'POST', '/users', { email, name });
  if (response.status !== 201) throw new Error(`POST /users ${email} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as User;
}

export async function renameUser(baseUrl: string, id: string, name: string): Promise<User> {
  const response = await sendJson(baseUrl, 'PATCH', `/users/${id}`, { name });
  if (response.status !== 200) throw new Error(`PATCH /users/${id} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as User;
}

export async function deleteUser(baseUrl: string, id: string): Promise<void> {
  const response = await fetch(`${baseUrl}/users/${id}`, { method: 'DELETE' });
  if (response.status !== 204) throw new Error(`DELETE /users/${id} answered ${response.status}: ${await response.text()}`);
}

export async function listPage(baseUrl: string, query = ''): Promise<UserPage> {
  const response = await fetch(`${baseUrl}/users${query}`);
  if (response.status !== 200) throw new Error(`GET /users${query} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as UserPage;
}

/** Every user, following nextCursor page by page; bounded by maxPages. */
export async function listAllUsers(baseUrl: string, limit = 100, maxPages = 100): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const query: string = `?limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const { items, nextCursor } = await listPage(baseUrl, query);
    users.push(...items);
    if (nextCursor === null) return users;
    cursor = nextCursor;
  }
  throw new Error(`GET /users still had a nextCursor after ${maxPages} pages`);
}
