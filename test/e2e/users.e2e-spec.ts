import { type BootedApp, bootApp } from '../support/boot-app.js';
import { logHead } from '../support/event-log.js';
import { expectNestError } from '../support/http-errors.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser, listAllUsers, listPage, sendJson, type User } from '../support/users.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '5c0e4a57-8e5d-4b7a-9b0e-3f1d2c3b4a59';
const BODY_LIMIT = 16 * 1024;
// The longest parts an address may have (64 before the @, labels of 63): 254 characters, and one more.
const EMAIL_OF_254 = `${'d'.repeat(64)}@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(57)}.com`;
const EMAIL_OF_255 = `${'d'.repeat(64)}@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(58)}.com`;

const isIsoDate = (value: unknown): boolean => typeof value === 'string' && new Date(value).toISOString() === value;

function padTo(bytes: number, body: object): string {
  const json = JSON.stringify(body);
  return `${json.slice(0, -1)}${' '.repeat(bytes - Buffer.byteLength(json))}}`;
}

describe('the users API', () => {
  let booted: BootedApp;
  let url: string;
  let stream: StreamClient;
  let sentinels = 0;

  beforeAll(async () => {
    booted = await bootApp();
    url = booted.url;
    stream = StreamClient.open(url, { query: { lastEventId: '0' } });
    await stream.waitOpen();
  });

  afterAll(async () => {
    stream?.close();
    await booted?.close();
  });

  /** The events the stream received after position `after`, once it has received up to `upTo`. */
  async function eventsBetween(after: number, upTo: number) {
    await stream.waitForId(upTo);
    return stream.events.filter((event) => Number(event.id) > after && Number(event.id) <= upTo);
  }

  /**
   * Runs requests that must change nothing, then proves it: the users are as before, and the next
   * event on the stream is the one of a sentinel user created afterwards.
   */
  async function expectNoEffect(requests: () => Promise<void>): Promise<void> {
    const head = await logHead(booted.app);
    const before = await listAllUsers(url);
    await requests();
    expect(await listAllUsers(url)).toEqual(before);
    sentinels += 1;
    const sentinel = await createUser(url, `sentinel-${sentinels}@example.com`, 'Sentinel');
    const [next, ...rest] = await eventsBetween(head, head + 1);
    expect(rest).toEqual([]);
    expect(next).toMatchObject({ type: 'user.created', id: String(head + 1) });
    expect(JSON.parse(next!.data)).toMatchObject({ id: sentinel.id });
  }

  describe('POST /users', () => {
    it('answers 201 with the user: a UUID, the email trimmed and lower-cased, the name trimmed, ISO times', async () => {
      const before = Date.now();
      const response = await sendJson(url, 'POST', '/users', { email: '  Ann.Lee@Example.COM ', name: '  Ann Lee  ' });

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8$/i);
      const user = (await response.json()) as User;
      expect(Object.keys(user).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'updatedAt']);
      expect(user.id).toMatch(UUID);
      expect(user.email).toBe('ann.lee@example.com');
      expect(user.name).toBe('Ann Lee');
      expect(isIsoDate(user.createdAt)).toBe(true);
      expect(user.updatedAt).toBe(user.createdAt);
      expect(Date.parse(user.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(user.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('emits user.created with the id, email, name and occurredAt of the new user as the next event', async () => {
      const head = await logHead(booted.app);
      const user = await createUser(url, 'bea@example.com', 'Bea');

      const events = await eventsBetween(head, head + 1);

      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'user.created', id: String(head + 1) });
      const data = JSON.parse(events[0]!.data) as Record<string, unknown>;
      expect(data).toEqual({ id: user.id, email: 'bea@example.com', name: 'Bea', occurredAt: expect.any(String) });
      expect(isIsoDate(data.occurredAt)).toBe(true);
    });

    it('accepts application/json with a charset parameter', async () => {
      const headers = { 'content-type': 'application/json; charset=utf-8' };
      const response = await sendJson(url, 'POST', '/users', { email: 'cid@example.com', name: 'Cid' }, headers);
      expect(response.status).toBe(201);
    });

    it('accepts an email of exactly 254 characters and a name of 100 characters', async () => {
      const email = EMAIL_OF_254;
      expect(email).toHaveLength(254);
      const name = 'n'.repeat(100);
      const response = await sendJson(url, 'POST', '/users', { email, name });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ email, name });
    });

    it('counts characters, not UTF-16 units, so a name of 100 emoji is accepted', async () => {
      const name = '😀'.repeat(100);
      const response = await sendJson(url, 'POST', '/users', { email: 'emoji@example.com', name });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ name });
    });

    it('answers 409 to an email already taken in another case and spacing, and changes nothing', async () => {
      await createUser(url, 'eve@example.com', 'Eve');
      await expectNoEffect(async () => {
        await expectNestError(await sendJson(url, 'POST', '/users', { email: '  EVE@Example.com ', name: 'Another Eve' }), 409);
      });
    });

    it.each([
      ['a missing email', { name: 'Bob' }],
      ['a missing name', { email: 'bob@example.com' }],
      ['an email that is not an address', { email: 'bob.example.com', name: 'Bob' }],
      ['an email of 255 characters', { email: EMAIL_OF_255, name: 'Bob' }],
      ['an email that is not a string', { email: 42, name: 'Bob' }],
      ['a name that is blank after trimming', { email: 'bob@example.com', name: ' \t ' }],
      ['a name of 101 characters', { email: 'bob@example.com', name: 'b'.repeat(101) }],
      ['a name that is not a string', { email: 'bob@example.com', name: 42 }],
      ['an unknown field', { email: 'bob@example.com', name: 'Bob', role: 'admin' }],
      ['a __proto__ field', '{"email": "bob@example.com", "name": "Bob", "__proto__": {"admin": true}}'],
      ['a constructor field', '{"email": "bob@example.com", "name": "Bob", "constructor": {"x": 1}}'],
      ['a name with a NUL character', { email: 'bob@example.com', name: 'B\u0000b' }],
      ['a name with an unpaired surrogate', '{"email": "bob@example.com", "name": "B\\ud800b"}'],
      ['an email with an unpaired surrogate', '{"email": "b\\ud800b@example.com", "name": "Bob"}'],
      ['malformed JSON', '{"email": "bob@example.com", "name": '],
      ['a JSON array', '[{"email": "bob@example.com", "name": "Bob"}]'],
      ['a JSON string', '"bob@example.com"'],
      ['an empty body', ''],
    ])('answers 400 to %s and changes nothing', async (_, body) => {
      await expectNoEffect(async () => {
        await expectNestError(await sendJson(url, 'POST', '/users', body), 400);
      });
    });

    it('accepts a body of exactly 16 KiB', async () => {
      const body = padTo(BODY_LIMIT, { email: 'fay@example.com', name: 'Fay' });
      expect(Buffer.byteLength(body)).toBe(BODY_LIMIT);
      expect((await sendJson(url, 'POST', '/users', body)).status).toBe(201);
    });

    it('answers 413 to a body one byte over 16 KiB and changes nothing', async () => {
      const body = padTo(BODY_LIMIT + 1, { email: 'bob@example.com', name: 'Bob' });
      await expectNoEffect(async () => {
        await expectNestError(await sendJson(url, 'POST', '/users', body), 413);
      });
    });

    it.each([
      ['a text/plain body', 'text/plain'],
      ['a form body', 'application/x-www-form-urlencoded'],
    ])('answers 415 to %s and changes nothing', async (_, contentType) => {
      await expectNoEffect(async () => {
        const body = contentType === 'text/plain' ? '{"email":"bob@example.com","name":"Bob"}' : 'email=bob%40example.com&name=Bob';
        await expectNestError(await sendJson(url, 'POST', '/users', body, { 'content-type': contentType }), 415);
      });
    });

    it('answers 415 to a body without a Content-Type and changes nothing', async () => {
      await expectNoEffect(async () => {
        const body = new TextEncoder().encode('{"email":"bob@example.com","name":"Bob"}');
        await expectNestError(await fetch(`${url}/users`, { method: 'POST', body }), 415);
      });
    });
  });

  describe('GET /users/:id', () => {
    it('answers 200 with the user as it was created', async () => {
      const user = await createUser(url, 'gus@example.com', 'Gus');
      const response = await fetch(`${url}/users/${user.id}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(user);
    });

    it.each(['not-a-uuid', '12345', `${UNKNOWN_ID}0`])('answers 400 to the id %s, which is not a UUID', async (id) => {
      await expectNestError(await fetch(`${url}/users/${id}`), 400);
    });

    it('answers 404 to an unknown id', async () => {
      await expectNestError(await fetch(`${url}/users/${UNKNOWN_ID}`), 404);
    });
  });

  describe('PATCH /users/:id', () => {
    it('answers 200 with the renamed user and emits user.renamed', async () => {
      const user = await createUser(url, 'hal@example.com', 'Hal');
      const head = await logHead(booted.app);

      const response = await sendJson(url, 'PATCH', `/users/${user.id}`, { name: '  Hal Jordan ' });

      expect(response.status).toBe(200);
      const renamed = (await response.json()) as User;
      expect(renamed).toEqual({ ...user, name: 'Hal Jordan', updatedAt: expect.any(String) });
      expect(isIsoDate(renamed.updatedAt)).toBe(true);
      expect(Date.parse(renamed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(user.createdAt));
      expect(await (await fetch(`${url}/users/${user.id}`)).json()).toEqual(renamed);
      const events = await eventsBetween(head, head + 1);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'user.renamed', id: String(head + 1) });
      const data = JSON.parse(events[0]!.data) as Record<string, unknown>;
      expect(data).toMatchObject({ id: user.id, name: 'Hal Jordan' });
      expect(isIsoDate(data.occurredAt)).toBe(true);
    });

    describe('with invalid requests', () => {
      let user: User;

      beforeAll(async () => {
        user = await createUser(url, 'ida@example.com', 'Ida');
      });

      it.each([
        ['a name that is blank after trimming', { name: '   ' }],
        ['a name of 101 characters', { name: 'i'.repeat(101) }],
        ['a missing name', {}],
        ['an email, which cannot be changed', { name: 'Ida', email: 'other@example.com' }],
        ['malformed JSON', '{"name": '],
      ])('answers 400 to %s and changes nothing', async (_, body) => {
        await expectNoEffect(async () => {
          await expectNestError(await sendJson(url, 'PATCH', `/users/${user.id}`, body), 400);
        });
        expect(await (await fetch(`${url}/users/${user.id}`)).json()).toEqual(user);
      });

      it('answers 400 to an id that is not a UUID and changes nothing', async () => {
        await expectNoEffect(async () => {
          await expectNestError(await sendJson(url, 'PATCH', '/users/not-a-uuid', { name: 'Ida' }), 400);
        });
      });

      it('answers 404 to an unknown id and changes nothing', async () => {
        await expectNoEffect(async () => {
          await expectNestError(await sendJson(url, 'PATCH', `/users/${UNKNOWN_ID}`, { name: 'Ida' }), 404);
        });
      });

      it('answers 413 to a body over 16 KiB and changes nothing', async () => {
        await expectNoEffect(async () => {
          await expectNestError(await sendJson(url, 'PATCH', `/users/${user.id}`, padTo(BODY_LIMIT + 1, { name: 'Ida' })), 413);
        });
      });

      it('answers 415 to a text/plain body and changes nothing', async () => {
        await expectNoEffect(async () => {
          await expectNestError(await sendJson(url, 'PATCH', `/users/${user.id}`, '{"name":"Ida Two"}', { 'content-type': 'text/plain' }), 415);
        });
        expect(await (await fetch(`${url}/users/${user.id}`)).json()).toEqual(user);
      });
    });
  });

  describe('DELETE /users/:id', () => {
    it('answers 204 with no body, emits user.deleted, and the user is gone', async () => {
      const user = await createUser(url, 'jo@example.com', 'Jo');
      const head = await logHead(booted.app);

      const response = await fetch(`${url}/users/${user.id}`, { method: 'DELETE' });

      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      await expectNestError(await fetch(`${url}/users/${user.id}`), 404);
      expect((await listAllUsers(url)).map(({ id }) => id)).not.toContain(user.id);
      const events = await eventsBetween(head, head + 1);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'user.deleted', id: String(head + 1) });
      const data = JSON.parse(events[0]!.data) as Record<string, unknown>;
      expect(data).toMatchObject({ id: user.id });
      expect(isIsoDate(data.occurredAt)).toBe(true);
    });

    it('answers 404 to a user already deleted and changes nothing', async () => {
      const user = await createUser(url, 'kim@example.com', 'Kim');
      expect((await fetch(`${url}/users/${user.id}`, { method: 'DELETE' })).status).toBe(204);
      await expectNoEffect(async () => {
        await expectNestError(await fetch(`${url}/users/${user.id}`, { method: 'DELETE' }), 404);
      });
    });

    it('answers 400 to an id that is not a UUID and changes nothing', async () => {
      await expectNoEffect(async () => {
        await expectNestError(await fetch(`${url}/users/not-a-uuid`, { method: 'DELETE' }), 400);
      });
    });

    it('answers 404 to an unknown id and changes nothing', async () => {
      await expectNoEffect(async () => {
        await expectNestError(await fetch(`${url}/users/${UNKNOWN_ID}`, { method: 'DELETE' }), 404);
      });
    });
  });
});

describe('GET /users', () => {
  const COUNT = 25;
  let booted: BootedApp;
  let url: string;
  let created: User[];

  beforeAll(async () => {
    booted = await bootApp();
    url = booted.url;
    created = [];
    for (let index = 1; index <= COUNT; index += 1) {
      created.push(await createUser(url, `user${String(index).padStart(2, '0')}@example.com`, `User ${index}`));
    }
  });

  afterAll(async () => {
    await booted?.close();
  });

  /** Newest first: later creations come before earlier ones; users created in the same millisecond may come in either order. */
  function expectNewestFirst(items: readonly User[]): void {
    const order = (user: User) => created.findIndex(({ id }) => id === user.id);
    for (let index = 1; index < items.length; index += 1) {
      const [newer, older] = [items[index - 1]!, items[index]!];
      expect(Date.parse(newer.createdAt)).toBeGreaterThanOrEqual(Date.parse(older.createdAt));
      if (newer.createdAt !== older.createdAt) expect(order(newer)).toBeGreaterThan(order(older));
    }
  }

  it('answers 200 with the 20 newest users and a nextCursor when no limit is given', async () => {
    const response = await fetch(`${url}/users`);

    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: User[]; nextCursor: string | null; position: number };
    expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor', 'position']);
    expect(page.items).toHaveLength(20);
    expect(typeof page.nextCursor).toBe('string');
    expectNewestFirst(page.items);
    expect(page.items[0]).toEqual(created.at(-1));
    for (const item of page.items) expect(item).toEqual(created.find(({ id }) => id === item.id));
  });

  it('answers the single newest user with limit=1', async () => {
    const page = await listPage(url, '?limit=1');
    expect(page.items).toEqual([created.at(-1)]);
    expect(typeof page.nextCursor).toBe('string');
  });

  it('answers every user and no nextCursor with limit=100', async () => {
    const page = await listPage(url, '?limit=100');
    expect(page.items).toHaveLength(COUNT);
    expect(page.nextCursor).toBeNull();
    expectNewestFirst(page.items);
  });

  it('follows nextCursor page by page and covers every user exactly once', async () => {
    const pages: User[][] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const query: string = `?limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await listPage(url, query);
      pages.push(page.items);
      cursor = page.nextCursor;
      if (cursor === null) break;
    }

    expect(cursor).toBeNull();
    expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
    const all = pages.flat();
    expectNewestFirst(all);
    expect(all.map(({ id }) => id).sort()).toEqual(created.map(({ id }) => id).sort());
    expect(all).toEqual((await listPage(url, '?limit=100')).items);
  });

  it.each(['0', '101', '-1', 'abc', '1.5', ''])('answers 400 to limit=%s', async (limit) => {
    await expectNestError(await fetch(`${url}/users?limit=${limit}`), 400);
  });

  it.each([
    ['a word', 'not-a-cursor'],
    ['an encoded text without an id', Buffer.from('hello').toString('base64url')],
    ['an encoded date with a bad id', Buffer.from('2026-11-24T19:00:00.000Z|not-a-uuid').toString('base64url')],
  ])('answers 400 to a cursor that is %s', async (_, cursor) => {
    await expectNestError(await fetch(`${url}/users?cursor=${encodeURIComponent(cursor)}`), 400);
  });
});
