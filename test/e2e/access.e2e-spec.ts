import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { expectNestError } from '../support/http-errors.js';
import { rawRequest, sendRaw } from '../support/raw-http.js';
import { ALL_SCOPES, bearer, JWT_MODE, mintToken } from '../support/tokens.js';
import { sendJson } from '../support/users.js';

/** Every route of the contract's Access table with the scope it needs. */
const GUARDED: readonly (readonly [method: string, path: string, scope: string])[] = [
  ['GET', '/users', 'users:read'],
  ['GET', '/users/00000000-0000-4000-8000-000000000000', 'users:read'],
  ['POST', '/users', 'users:write'],
  ['PATCH', '/users/00000000-0000-4000-8000-000000000000', 'users:write'],
  ['DELETE', '/users/00000000-0000-4000-8000-000000000000', 'users:write'],
  ['GET', '/events', 'events:read'],
  ['GET', '/metrics', 'metrics:read'],
  ['GET', '/health', 'metrics:read'],
];
const OPEN = ['/', '/dashboard.js', '/health/live', '/health/ready', '/docs-json', '/asyncapi.json'];

function call(url: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const body = method === 'POST' || method === 'PATCH' ? JSON.stringify({ email: 'a@example.com', name: 'A' }) : undefined;
  return fetch(`${url}${path}`, { method, headers: { ...(body && { 'content-type': 'application/json' }), ...headers }, body });
}

describe('AUTH_MODE=jwt with a shared secret', () => {
  let service: BootedApp;

  beforeAll(async () => {
    service = await bootApp(JWT_MODE);
  });

  afterAll(async () => {
    await service.close();
  });

  it.each(GUARDED)('%s %s without a token is a 401 with WWW-Authenticate: Bearer, before any stream header', async (method, path) => {
    const response = await call(service.url, method, path);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    await expectNestError(response, 401);
  });

  it.each([
    ['expired', () => mintToken({ scope: ALL_SCOPES, expiresIn: -120 })],
    ['wrongly signed', () => mintToken({ scope: ALL_SCOPES }, 'another-secret-of-at-least-32-bytes-000')],
    ['without exp', () => mintToken({ scope: ALL_SCOPES, withExp: false })],
    ['malformed', async () => 'not.a.token'],
  ])('a token that is %s is a 401 with error="invalid_token" on every guarded route', async (_kind, make) => {
    const token = await make();
    for (const [method, path] of GUARDED) {
      const response = await call(service.url, method, path, bearer(token));
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      await expectNestError(response, 401);
    }
  });

  it('allows 30 s of clock skew on exp', async () => {
    const token = await mintToken({ scope: 'users:read', expiresIn: -10 });
    expect((await call(service.url, 'GET', '/users', bearer(token))).status).toBe(200);
  });

  it.each(GUARDED)('%s %s with a token lacking its scope is a 403', async (method, path, scope) => {
    const others = ALL_SCOPES.split(' ').filter((granted) => granted !== scope).join(' ');
    await expectNestError(await call(service.url, method, path, bearer(await mintToken({ scope: others }))), 403);
  });

  it('takes scopes from scp as well as scope', async () => {
    const token = await mintToken({ scp: ['users:read'] });
    expect((await call(service.url, 'GET', '/users', bearer(token))).status).toBe(200);
  });

  it.each(OPEN)('GET %s needs no token', async (path) => {
    expect((await fetch(`${service.url}${path}`)).status).toBe(200);
  });

  it('opens the stream with events:read', async () => {
    const controller = new AbortController();
    const response = await fetch(`${service.url}/events`, { headers: bearer(await mintToken({ scope: 'events:read' })), signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });

  it('answers a write to a token without users:read with no email', async () => {
    const writer = bearer(await mintToken({ scope: 'users:write' }));
    const created = await sendJson(service.url, 'POST', '/users', { email: 'quiet@example.com', name: 'Quiet' }, writer);
    expect(created.status).toBe(201);
    const user = (await created.json()) as Record<string, unknown>;
    expect(user).not.toHaveProperty('email');
    const renamed = (await (await sendJson(service.url, 'PATCH', `/users/${user.id as string}`, { name: 'Still' }, writer)).json()) as object;
    expect(renamed).not.toHaveProperty('email');
    const reader = bearer(await mintToken({ scope: 'users:read' }));
    const read = (await (await fetch(`${service.url}/users/${user.id as string}`, { headers: reader })).json()) as Record<string, unknown>;
    expect(read.email).toBe('quiet@example.com');
  });

  describe('the session cookie', () => {
    it('is set by POST /auth/session for a valid token, HttpOnly, SameSite=Strict, for the token lifetime', async () => {
      const response = await fetch(`${service.url}/auth/session`, { method: 'POST', headers: bearer(await mintToken({ expiresIn: 600 })) });
      expect(response.status).toBe(204);
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^herald_session=[\w-]+\.[\w-]+\.[\w-]+;/);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Strict/i);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/; Secure/i); // plain HTTP to a loopback address
      const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)?.[1]);
      expect(maxAge).toBeGreaterThan(590);
      expect(maxAge).toBeLessThanOrEqual(600);
    });

    it('is not set without a valid token', async () => {
      for (const headers of [{}, bearer('garbage'), bearer(await mintToken({ expiresIn: -120 }))]) {
        const response = await fetch(`${service.url}/auth/session`, { method: 'POST', headers });
        expect(response.headers.get('set-cookie')).toBeNull();
        await expectNestError(response, 401);
      }
    });

    it('opens reads, the stream included, but never a write', async () => {
      const token = await mintToken({ scope: ALL_SCOPES });
      const cookie = { cookie: `herald_session=${token}` };
      expect((await fetch(`${service.url}/users`, { headers: cookie })).status).toBe(200);
      const controller = new AbortController();
      const stream = await fetch(`${service.url}/events`, { headers: cookie, signal: controller.signal });
      expect(stream.status).toBe(200);
      controller.abort();
      const write = await sendJson(service.url, 'POST', '/users', { email: 'forged@example.com', name: 'Forged' }, cookie);
      await expectNestError(write, 401);
      const list = (await (await fetch(`${service.url}/users?limit=100`, { headers: cookie })).json()) as { items: { email: string }[] };
      expect(list.items.map((user) => user.email)).not.toContain('forged@example.com');
    });

    it('is cleared by DELETE /auth/session', async () => {
      const response = await fetch(`${service.url}/auth/session`, { method: 'DELETE' });
      expect(response.status).toBe(204);
      expect(response.headers.get('set-cookie')).toMatch(/^herald_session=;.*Expires=Thu, 01 Jan 1970/);
    });
  });
});

describe('AUTH_MODE=jwt with an issuer and an audience', () => {
  let service: BootedApp;

  beforeAll(async () => {
    service = await bootApp({ ...JWT_MODE, AUTH_ISSUER: 'https://issuer.example', AUTH_AUDIENCE: 'herald' });
  });

  afterAll(async () => {
    await service.close();
  });

  it('takes a token for them and refuses one for another issuer or audience', async () => {
    const right = await mintToken({ scope: 'users:read', iss: 'https://issuer.example', aud: 'herald' });
    expect((await call(service.url, 'GET', '/users', bearer(right))).status).toBe(200);
    for (const token of [
      await mintToken({ scope: 'users:read', iss: 'https://other.example', aud: 'herald' }),
      await mintToken({ scope: 'users:read', iss: 'https://issuer.example', aud: 'another' }),
      await mintToken({ scope: 'users:read' }),
    ]) {
      await expectNestError(await call(service.url, 'GET', '/users', bearer(token)), 401);
    }
  });
});

describe('AUTH_MODE=jwt with the issuer keys at AUTH_JWKS_URL', () => {
  let service: BootedApp;
  let keys: Server;
  let published: JWK[] = [];

  const keyPair = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    published = [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }];
    return (claims: object) =>
      new SignJWT({ scope: 'users:read', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject('jwks-tester')
        .setExpirationTime('10m')
        .sign(privateKey);
  };

  beforeAll(async () => {
    keys = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
    const { port } = keys.address() as { port: number };
    service = await bootApp({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
  });

  afterAll(async () => {
    await service.close();
    await new Promise((resolve) => keys.close(resolve));
  });

  it('verifies with the published key, and picks up a rotated key on its unknown kid', async () => {
    const signFirst = await keyPair('first');
    expect((await call(service.url, 'GET', '/users', bearer(await signFirst({})))).status).toBe(200);

    const signSecond = await keyPair('second'); // the issuer rotates: only the new key is published
    await new Promise((resolve) => setTimeout(resolve, 1100)); // jose refetches at most once a second
    expect((await call(service.url, 'GET', '/users', bearer(await signSecond({})))).status).toBe(200);

    const hs256 = await mintToken({ scope: 'users:read' });
    await expectNestError(await call(service.url, 'GET', '/users', bearer(hs256)), 401);
  });
});

describe('AUTH_MODE unset', () => {
  let service: BootedApp;

  beforeAll(async () => {
    service = await bootApp();
  });

  afterAll(async () => {
    await service.close();
  });

  it('serves requests addressed to localhost or a loopback address without a token', async () => {
    const port = new URL(service.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      const response = await sendRaw(service.url, rawRequest('GET', '/users', { Host: host }).toString('latin1').replace('Host: 127.0.0.1\r\n', ''));
      expect({ host, status: response.status }).toEqual({ host, status: 200 });
    }
  });

  it('refuses a request addressed to any other name with a 403 (DNS rebinding), on every path', async () => {
    for (const path of ['/users', '/events', '/', '/docs-json', '/metrics']) {
      const wire = rawRequest('GET', path, { Host: 'attacker.example:3000' }).toString('latin1').replace('Host: 127.0.0.1\r\n', '');
      await expectNestError(await sendRaw(service.url, wire), 403);
    }
  });
});
