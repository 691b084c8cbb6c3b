import type { LoggerService } from '@nestjs/common';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { expectNestError } from '../support/http-errors.js';
import { rawRequest, sendRaw } from '../support/raw-http.js';
import { ALL_SCOPES, bearer, JWT_MODE, mintToken } from '../support/tokens.js';
import { sendJson } from '../support/users.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';

let sequence = 0;
const create = (url: string, headers: Record<string, string> = {}) =>
  sendJson(url, 'POST', '/users', { email: `limit-${sequence++}@example.com`, name: 'Limit' }, headers);

/** Every line the service logs, at every level. */
function captureLogs(service: BootedApp): string[] {
  const lines: string[] = [];
  const keep = (message: unknown, ...rest: unknown[]) => lines.push([message, ...rest].map(String).join(' '));
  const logger: LoggerService = { log: keep, error: keep, warn: keep, debug: keep, verbose: keep, fatal: keep };
  service.app.useLogger(logger);
  return lines;
}

// The contract's 30 s deadline is waited out while the rest of this file runs: the late request is sent
// before every other test and its answer checked after them (the last describe).
let lateService: BootedApp;
let lateRequest: Promise<{ readonly response: Response; readonly waited: number }>;

beforeAll(async () => {
  lateService = await bootApp();
  const started = Date.now();
  const head = rawRequest('POST', '/users', { 'Content-Type': 'application/json', 'Content-Length': '100' }, '{"email":');
  lateRequest = sendRaw(lateService.url, head, 40_000).then((response) => ({ response, waited: Date.now() - started }));
  lateRequest.catch(() => undefined); // failed in its own test, not as an unhandled rejection
});

afterAll(async () => {
  await lateService?.close();
});

describe('the write budget (RATE_LIMIT_WRITES)', () => {
  let service: BootedApp;

  beforeAll(async () => {
    service = await bootApp({ ...JWT_MODE, RATE_LIMIT_WRITES: '5', TRUST_PROXY: 'loopback' });
  });

  afterAll(async () => {
    await service.close();
  });

  it('answers a client past its writes per minute with 429 and Retry-After, and writes nothing', async () => {
    const ann = bearer(await mintToken({ sub: 'ann', scope: ALL_SCOPES }));
    for (let i = 0; i < 5; i++) expect((await create(service.url, ann)).status).toBe(201);
    const refused = await create(service.url, ann);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expectNestError(refused, 429);
    const page = (await (await fetch(`${service.url}/users?limit=100`, { headers: ann })).json()) as { items: unknown[] };
    expect(page.items).toHaveLength(5);
  });

  it('counts every write route together, and each token subject apart', async () => {
    const bob = bearer(await mintToken({ sub: 'bob', scope: ALL_SCOPES }));
    const created = (await (await create(service.url, bob)).json()) as { id: string };
    for (let i = 0; i < 4; i++) expect((await sendJson(service.url, 'PATCH', `/users/${created.id}`, { name: `B${i}` }, bob)).status).toBe(200);
    expect((await fetch(`${service.url}/users/${created.id}`, { method: 'DELETE', headers: bob })).status).toBe(429);
    const carol = bearer(await mintToken({ sub: 'carol', scope: ALL_SCOPES }));
    expect((await create(service.url, carol)).status).toBe(201);
  });

  it('never limits reads', async () => {
    const ann = bearer(await mintToken({ sub: 'ann', scope: ALL_SCOPES }));
    for (let i = 0; i < 10; i++) expect((await fetch(`${service.url}/users`, { headers: ann })).status).toBe(200);
  });
});

describe('who a client is without a token', () => {
  it('is the address, and X-Forwarded-For only from a proxy TRUST_PROXY names', async () => {
    const trusting = await bootApp({ RATE_LIMIT_WRITES: '1', TRUST_PROXY: 'loopback' });
    const credulous = await bootApp({ RATE_LIMIT_WRITES: '1' });
    try {
      expect((await create(trusting.url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
      expect((await create(trusting.url, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(201);
      expect((await create(trusting.url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);

      expect((await create(credulous.url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
      expect((await create(credulous.url, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
    } finally {
      await trusting.close();
      await credulous.close();
    }
  });

  it('has no write limit with RATE_LIMIT_WRITES=0', async () => {
    const service = await bootApp({ RATE_LIMIT_WRITES: '0' });
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => create(service.url).then((response) => response.status)));
      expect(new Set(statuses)).toEqual(new Set([201]));
    } finally {
      await service.close();
    }
  });
});

describe.each(STREAM_WRITERS)('headers and origins (SSE_WRITER=%s)', (writer) => {
  let service: BootedApp;
  const ALLOWED = 'https://dashboard.example';

  beforeAll(async () => {
    service = await bootApp({ ...JWT_MODE, CORS_ORIGINS: `${ALLOWED}, http://localhost:5173`, ...writtenBy(writer) });
  });

  afterAll(async () => {
    await service.close();
  });

  it('sends nosniff and no X-Powered-By on every response but the stream, errors included', async () => {
    const token = bearer(await mintToken({ scope: ALL_SCOPES }));
    for (const [path, headers] of [['/users', token], ['/users', {}], ['/nowhere', {}], ['/health/live', {}], ['/docs-json', {}]] as const) {
      const response = await fetch(`${service.url}${path}`, { headers });
      expect({ path, nosniff: response.headers.get('x-content-type-options'), poweredBy: response.headers.get('x-powered-by') }).toEqual({
        path,
        nosniff: 'nosniff',
        poweredBy: null,
      });
    }
  });

  it("gives the dashboard a CSP of default-src 'self' and frame-ancestors 'none'", async () => {
    const csp = (await fetch(`${service.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('answers a listed origin for itself with credentials, on answers, errors and the stream', async () => {
    const token = bearer(await mintToken({ scope: ALL_SCOPES }));
    const controller = new AbortController();
    for (const [path, headers] of [['/users', token], ['/users', {}], ['/events', token]] as const) {
      const response = await fetch(`${service.url}${path}`, { headers: { origin: ALLOWED, ...headers }, signal: controller.signal });
      expect({ path, allow: response.headers.get('access-control-allow-origin'), credentials: response.headers.get('access-control-allow-credentials') }).toEqual({
        path,
        allow: ALLOWED,
        credentials: 'true',
      });
    }
    controller.abort();
  });

  it('answers a preflight from a listed origin without a token', async () => {
    const response = await fetch(`${service.url}/users`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('gives another origin no CORS header at all', async () => {
    for (const method of ['GET', 'OPTIONS']) {
      const response = await fetch(`${service.url}/users`, { method, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('logs', () => {
  it('write one audit line per write, with who, what, which user and the result, and no token, cookie, email or body', async () => {
    const service = await bootApp(JWT_MODE);
    const lines = captureLogs(service);
    try {
      const token = await mintToken({ sub: 'auditor', scope: ALL_SCOPES });
      const created = await create(service.url, bearer(token));
      const { id } = (await created.json()) as { id: string };
      await sendJson(service.url, 'PATCH', `/users/${id}`, { name: 'Secret Name' }, bearer(token));
      await sendJson(service.url, 'POST', '/users', { email: 'not-an-email', name: 'Body Text' }, bearer(token));
      await sendJson(service.url, 'POST', '/users', { email: 'cookie@example.com', name: 'X' }, { cookie: `herald_session=${token}` });
      await fetch(`${service.url}/users/${id}`, { method: 'DELETE', headers: bearer(token) });
      await fetch(`${service.url}/users`, { headers: { cookie: `herald_session=${token}` } });

      const audit = lines.filter((line) => line.includes('Audit'));
      expect(audit).toEqual([
        expect.stringMatching(new RegExp(`^POST /users by sub:auditor user ${id} → 201 in \\d+ ms Audit$`)),
        expect.stringMatching(new RegExp(`^PATCH /users/${id} by sub:auditor user ${id} → 200 in \\d+ ms Audit$`)),
        expect.stringMatching(/^POST \/users by sub:auditor → 400 in \d+ ms Audit$/),
        expect.stringMatching(/^POST \/users by ip:\S+ → 401 in \d+ ms Audit$/),
        expect.stringMatching(new RegExp(`^DELETE /users/${id} by sub:auditor user ${id} → 204 in \\d+ ms Audit$`)),
      ]);
      for (const secret of [token, 'limit-', '@example.com', 'Secret Name', 'Body Text', 'not-an-email']) {
        expect(lines.filter((line) => line.includes(secret))).toEqual([]);
      }
    } finally {
      await service.close();
    }
  });
});

describe('a request that does not arrive', () => {
  it('gets a 408 in Nest shape once its body is 30 s late, and frees its socket', async () => {
    const { response, waited } = await lateRequest;
    expect(waited).toBeGreaterThanOrEqual(29_000);
    expect(waited).toBeLessThan(35_000);
    await expectNestError(response, 408);
  }, 45_000);
});
