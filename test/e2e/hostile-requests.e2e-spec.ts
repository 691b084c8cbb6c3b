import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { type BootedApp, bootApp, type Settings } from '../support/boot-app.js';
import { expectNestError } from '../support/http-errors.js';
import { rawRequest, sendRaw } from '../support/raw-http.js';
import { createScratchDatabase, POSTGRES_URL, type ScratchDatabase } from '../support/scratch-postgres.js';
import { createUser, listAllUsers, listPage, sendJson, type User } from '../support/users.js';

const BODY_LIMIT = 16 * 1024;
const UNKNOWN_ID = '5c0e4a57-8e5d-4b7a-9b0e-3f1d2c3b4a59';
// Names every plain object inherits: class-transformer skips them, so a whitelist that looks at its output never sees them.
const INHERITED_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];
const LIMIT_MESSAGE = ['limit must be an integer from 1 to 100'];

const userJson = (email: string) => JSON.stringify({ email, name: 'Mallory' });

/** A GET that must be refused before a stream starts: a stream that opens instead is cancelled, so the test fails rather than hangs. */
async function getRefused(url: string, method = 'GET'): Promise<Response> {
  const response = await fetch(url, { method });
  if (response.status !== 200) return response;
  await response.body?.cancel();
  return new Response('answered 200', { status: 200 });
}

/** A body sent with chunked transfer encoding: no Content-Length, so the limit must be counted as the bytes arrive. */
function sendChunked(baseUrl: string, body: string): Promise<Response> {
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.subarray(at, at + 1000));
      controller.close();
    },
  });
  return fetch(`${baseUrl}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
}

describe('hostile requests', () => {
  let booted: BootedApp;
  let url: string;
  let user: User;

  beforeAll(async () => {
    booted = await bootApp();
    url = booted.url;
    user = await createUser(url, 'victor@example.com', 'Victor');
  });

  afterAll(async () => {
    await booted?.close();
  });

  async function expectNoUser(email: string): Promise<void> {
    expect((await listAllUsers(url)).map((listed) => listed.email)).not.toContain(email);
  }

  describe('query strings', () => {
    it.each([...INHERITED_NAMES, 'foo', 'Limit'])('GET /users answers 400 to the unknown parameter %s, naming it', async (name) => {
      const body = await expectNestError(await fetch(`${url}/users?${name}=1`), 400);
      expect(body.message).toEqual([`property ${name} should not exist`]);
    });

    it.each([...INHERITED_NAMES, 'foo'])('GET /events answers 400 to the unknown parameter %s, naming it, before any stream', async (name) => {
      const body = await expectNestError(await getRefused(`${url}/events?${name}=1`), 400);
      expect(body.message).toEqual([`property ${name} should not exist`]);
    });

    it('GET /events names an unknown parameter next to known ones', async () => {
      const body = await expectNestError(await getRefused(`${url}/events?types=user.created&lastEventId=0&foo=1`), 400);
      expect(body.message).toEqual(['property foo should not exist']);
    });

    it.each([
      ['limit[]=1', 'limit[]'],
      ['limit[a]=1', 'limit[a]'],
      ['cursor[]=x', 'cursor[]'],
      ['limit[toString]=1', 'limit[toString]'],
    ])('reads %s as the unknown parameter %s, not as an array or an object', async (query, name) => {
      const body = await expectNestError(await fetch(`${url}/users?${query}`), 400);
      expect(body.message).toEqual([`property ${name} should not exist`]);
    });

    it.each([
      ['hexadecimal', '0x10'],
      ['an exponent', '1e1'],
      ['a fraction', '5.0'],
      ['a sign', '%2B5'],
      ['a leading space', '%205'],
      ['a plus, which a query string reads as a space', '+5'],
      ['a trailing space', '5%20'],
      ['a boolean', 'true'],
      ['empty', ''],
      ['0', '0'],
      ['101', '101'],
      ['past every safe integer', '9'.repeat(400)],
      ['given twice', '1&limit=2'],
    ])('answers 400 to a limit that is %s, saying what limit takes', async (_, limit) => {
      const body = await expectNestError(await fetch(`${url}/users?limit=${limit}`), 400);
      expect(body.message).toEqual(LIMIT_MESSAGE);
    });

    it('accepts limit=1 and limit=100, the bounds', async () => {
      expect((await listPage(url, '?limit=1')).items).toHaveLength(1);
      expect((await listPage(url, '?limit=100')).items.length).toBeGreaterThanOrEqual(1);
    });

    it('answers 400 to a cursor given twice', async () => {
      const body = await expectNestError(await fetch(`${url}/users?cursor=a&cursor=b`), 400);
      expect(body.message).toEqual(['cursor must be a string']);
    });
  });

  describe('one error shape: every 400 carries its message as a list of strings', () => {
    it.each([
      ['an email the DTO takes but the domain refuses', () => sendJson(url, 'POST', '/users', '{"email":"in\\u2028j@x.com","name":"e"}')],
      ['malformed JSON', () => sendJson(url, 'POST', '/users', '{"email":')],
      ['an unknown field', () => sendJson(url, 'POST', '/users', { email: 'u@example.com', name: 'U', role: 'admin' })],
      ['an id that is not a UUID', () => fetch(`${url}/users/not-a-uuid`)],
      ['a path that is not percent-encoded text', () => fetch(`${url}/users/%FF`)],
      ['a cursor this service did not issue', () => fetch(`${url}/users?cursor=bm90LWEtY3Vyc29y`)],
      ['an unknown event type', () => getRefused(`${url}/events?types=user.exploded`)],
      ['a Last-Event-ID that is not an integer', () => getRefused(`${url}/events?lastEventId=abc`)],
    ])('%s', async (_, send) => {
      const body = await expectNestError(await send(), 400);
      expect(body.message).toEqual([expect.any(String)]);
    });
  });

  describe('request bodies', () => {
    it.each([
      ['gzip', () => gzipSync(userJson('gzip@example.com'))],
      ['deflate', () => deflateSync(userJson('deflate@example.com'))],
      ['br', () => brotliCompressSync(userJson('br@example.com'))],
      ['x-unheard-of', () => Buffer.from(userJson('unheard@example.com'))],
      ['gzip, identity', () => gzipSync(userJson('two@example.com'))],
    ])('answers 415 to Content-Encoding %s, naming it, and creates no one', async (encoding, body) => {
      const response = await fetch(`${url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: new Uint8Array(body()),
      });
      const answer = await expectNestError(response, 415);
      expect(answer.message).toContain(`Content-Encoding ${encoding}`);
      await expectNoUser(`${encoding.split(/\W/)[0]}@example.com`);
    });

    it.each([
      ['garbage that is not gzip', Buffer.from('this is not gzip')],
      ['gzip cut short', gzipSync(userJson('cut@example.com')).subarray(0, 12)],
    ])('answers 415 to a Content-Encoding gzip body of %s, not a bare 400', async (_, body) => {
      const response = await fetch(`${url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: new Uint8Array(body),
      });
      await expectNestError(response, 415);
    });

    it('answers 415 to a compressed PATCH and leaves the user as it was', async () => {
      const response = await fetch(`${url}/users/${user.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: new Uint8Array(gzipSync('{"name":"Zipped"}')),
      });
      await expectNestError(response, 415);
      expect(await (await fetch(`${url}/users/${user.id}`)).json()).toEqual(user);
    });

    it('accepts Content-Encoding identity', async () => {
      const response = await sendJson(url, 'POST', '/users', userJson('identity@example.com'), { 'content-encoding': 'identity' });
      expect(response.status).toBe(201);
    });

    it.each([
      ['latin1', 'latin1', (text: string) => Buffer.from(text, 'latin1')],
      ['ISO-8859-1', 'iso-8859-1', (text: string) => Buffer.from(text, 'latin1')],
      ['utf-16le', 'utf-16le', (text: string) => Buffer.from(text, 'utf16le')],
      ['utf-16', 'utf-16', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf8, which is not a charset name', 'utf8', (text: string) => Buffer.from(text)],
      ['nonsense', 'no-such-charset', (text: string) => Buffer.from(text)],
    ])('answers 415 to a body in charset %s, naming it, and creates no one', async (_, charset, encode) => {
      const email = `charset-${charset}@example.com`;
      const response = await fetch(`${url}/users`, {
        method: 'POST',
        headers: { 'content-type': `application/json; charset=${charset}` },
        body: new Uint8Array(encode(userJson(email))),
      });
      const answer = await expectNestError(response, 415);
      expect(answer.message).toContain(`charset ${charset}`);
      await expectNoUser(email);
    });

    it('accepts charset="UTF-8", quoted and in capitals', async () => {
      const response = await sendJson(url, 'POST', '/users', userJson('quoted@example.com'), { 'content-type': 'application/json; charset="UTF-8"' });
      expect(response.status).toBe(201);
    });

    it('accepts a chunked body under 16 KiB', async () => {
      const response = await sendChunked(url, userJson('chunked@example.com'));
      expect(response.status).toBe(201);
    });

    it('answers 413 to a chunked body over 16 KiB, which has no Content-Length, and creates no one', async () => {
      const body = `${userJson('big-chunked@example.com').slice(0, -1)}${' '.repeat(BODY_LIMIT)}}`;
      await expectNestError(await sendChunked(url, body), 413);
      await expectNoUser('big-chunked@example.com');
    });

    it('answers 413 to a body over 16 KiB with a Content-Length, and creates no one', async () => {
      const body = `${userJson('big@example.com').slice(0, -1)}${' '.repeat(BODY_LIMIT)}}`;
      await expectNestError(await sendJson(url, 'POST', '/users', body), 413);
      await expectNoUser('big@example.com');
    });

    it('answers 400 in Nest shape to chunked framing that does not parse', async () => {
      const request = rawRequest('POST', '/users', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, 'zz\r\n{}\r\n0\r\n\r\n');
      await expectNestError(await sendRaw(url, request), 400);
    });

    it('answers 400 in Nest shape to both a Content-Length and chunked framing', async () => {
      const request = rawRequest(
        'POST',
        '/users',
        { 'Content-Type': 'application/json', 'Content-Length': '2', 'Transfer-Encoding': 'chunked' },
        '2\r\n{}\r\n0\r\n\r\n',
      );
      await expectNestError(await sendRaw(url, request), 400);
    });

    it('answers 400 to Content-Type application/json with no body at all', async () => {
      await expectNestError(await sendRaw(url, rawRequest('POST', '/users', { 'Content-Type': 'application/json' })), 400);
    });

    it('answers 400 to Content-Type application/json with an empty body', async () => {
      await expectNestError(await sendJson(url, 'POST', '/users', ''), 400);
    });

    it.each([
      ['null', 'null'],
      ['an array', `[${userJson('array@example.com')}]`],
      ['an empty array', '[]'],
      ['a number', '42'],
      ['a string', '"array@example.com"'],
      ['true', 'true'],
    ])('answers 400 to a JSON body that is %s: it must be an object', async (_, body) => {
      const answer = await expectNestError(await sendJson(url, 'POST', '/users', body), 400);
      expect(answer.message).toEqual(['body must be a JSON object']);
      await expectNoUser('array@example.com');
    });

    it.each([
      ['null', 'null'],
      ['an array', '[{"name":"Arrayed"}]'],
    ])('answers 400 to a PATCH body that is %s', async (_, body) => {
      const answer = await expectNestError(await sendJson(url, 'PATCH', `/users/${user.id}`, body), 400);
      expect(answer.message).toEqual(['body must be a JSON object']);
    });
  });

  describe('routes', () => {
    it.each(['/USERS', '/Users'])('answers 404 to POST %s: paths are case-sensitive, and creates no one', async (path) => {
      await expectNestError(await sendJson(url, 'POST', path, userJson('shouting@example.com')), 404);
      await expectNoUser('shouting@example.com');
    });

    it.each([
      ['GET', '/Users'],
      ['GET', '/EVENTS'],
      ['GET', '/USERS/:id'],
      ['DELETE', '/Users/:id'],
    ])('answers 404 to %s %s and leaves the user as it was', async (method, path) => {
      await expectNestError(await getRefused(`${url}${path.replace(':id', user.id)}`, method), 404);
      expect(await (await fetch(`${url}/users/${user.id}`)).json()).toEqual(user);
    });

    it('answers PATCH /Users/:id with 404 and leaves the user as it was', async () => {
      await expectNestError(await sendJson(url, 'PATCH', `/Users/${user.id}`, { name: 'Renamed' }), 404);
      expect(await (await fetch(`${url}/users/${user.id}`)).json()).toEqual(user);
    });

    it('serves a path with a trailing slash as the path without one', async () => {
      expect((await fetch(`${url}/users/`)).status).toBe(200);
      expect((await fetch(`${url}/users/${user.id}/`)).status).toBe(200);
    });
  });
});

interface Store {
  readonly settings: Settings;
  drop(): Promise<void>;
}

const stores: [string, () => Promise<Store>][] = [
  ['PGlite', async () => ({ settings: {}, drop: async () => undefined })],
  ...(POSTGRES_URL
    ? [
        [
          'PostgreSQL',
          async (): Promise<Store> => {
            const scratch: ScratchDatabase = await createScratchDatabase(POSTGRES_URL as string);
            return { settings: { DATABASE_URL: scratch.url }, drop: () => scratch.drop() };
          },
        ] as [string, () => Promise<Store>],
      ]
    : []),
];

describe.each(stores)('GET /users?cursor= on %s', (_, openStore) => {
  let store: Store;
  let booted: BootedApp;
  let url: string;
  let issued: string;
  let newest: User;

  const cursorOf = (text: string) => Buffer.from(text).toString('base64url');
  const listWith = (cursor: string) => fetch(`${url}/users?cursor=${encodeURIComponent(cursor)}`);

  beforeAll(async () => {
    store = await openStore();
    booted = await bootApp(store.settings);
    url = booted.url;
    for (const name of ['Ada', 'Bo', 'Cy']) await createUser(url, `${name.toLowerCase()}@example.com`, name);
    const page = await listPage(url, '?limit=1');
    newest = page.items[0]!;
    issued = page.nextCursor!;
  });

  afterAll(async () => {
    await booted?.close();
    await store?.drop();
  });

  it('follows the cursor it issued', async () => {
    const response = await listWith(issued);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: User[] }).items).toHaveLength(2);
  });

  it.each([
    ['in year 0', '0000-01-01T00:00:00.000Z'],
    ['in a negative year', '-000001-01-01T00:00:00.000Z'],
    ['in year 10000', '+010000-01-01T00:00:00.000Z'],
    ['at the largest date JavaScript has', '+275760-09-13T00:00:00.000Z'],
    ['at the smallest date JavaScript has', '-271821-04-20T00:00:00.000Z'],
  ])('answers 400 to a cursor dated %s', async (_, iso) => {
    await expectNestError(await listWith(cursorOf(`${iso}|${UNKNOWN_ID}`)), 400);
  });

  it.each([
    ['the first millisecond of year 1, before every user', '0001-01-01T00:00:00.000Z', 0],
    ['the last millisecond of year 9999, after every user', '9999-12-31T23:59:59.999Z', 3],
  ])('accepts a cursor dated %s', async (_, iso, count) => {
    const response = await listWith(cursorOf(`${iso}|${UNKNOWN_ID}`));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: User[] }).items).toHaveLength(count);
  });

  it.each([
    ['padded', (cursor: string) => `${cursor}==`],
    ['in standard base64', (cursor: string) => Buffer.from(cursor, 'base64url').toString('base64')],
    ['with a space in it', (cursor: string) => `${cursor.slice(0, 8)} ${cursor.slice(8)}`],
    ['with a character base64 skips', (cursor: string) => `${cursor}.`],
    ['with its last character changed in the bits that decoding drops', (cursor: string) => flipLowBit(cursor)],
    [
      'with the id in capitals',
      (cursor: string) => {
        const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
        return Buffer.from(`${iso}|${id!.toUpperCase()}`).toString('base64url');
      },
    ],
  ])('answers 400 to the issued cursor spelled another way: %s', async (_, respell) => {
    const respelled = respell(issued);
    expect(respelled).not.toBe(issued);
    await expectNestError(await listWith(respelled), 400);
  });

  it('answers 400 to an empty cursor', async () => {
    await expectNestError(await listWith(''), 400);
  });

  it('still lists the newest user first without a cursor', async () => {
    expect((await listPage(url, '?limit=1')).items).toEqual([newest]);
  });
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The cursor with its last character's lowest bit flipped: 61 bytes leave 4 unused bits there, so it decodes the same. */
function flipLowBit(cursor: string): string {
  const last = BASE64URL.indexOf(cursor.at(-1)!);
  const flipped = `${cursor.slice(0, -1)}${BASE64URL[last ^ 1]}`;
  expect(Buffer.from(flipped, 'base64url').equals(Buffer.from(cursor, 'base64url'))).toBe(true);
  return flipped;
}
