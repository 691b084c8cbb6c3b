import { type BootedApp, bootApp } from '../support/boot-app.js';
import { expectNestError } from '../support/http-errors.js';
import { rawRequest, sendRaw } from '../support/raw-http.js';
import { bearer, JWT_MODE, mintToken } from '../support/tokens.js';
import { sendJson } from '../support/users.js';

// Each of these answered outside Nest's shape, or with a 500, until the property test found it.
describe('requests at the edge of what HTTP and JSON allow', () => {
  let service: BootedApp;

  beforeAll(async () => {
    service = await bootApp(JWT_MODE);
  });

  afterAll(async () => {
    await service.close();
  });

  it('answers an Expect it does not know with a 417 in Nest shape', async () => {
    await expectNestError(await sendRaw(service.url, rawRequest('GET', '/users', { Expect: 'x-nothing' })), 417);
  });

  it('answers an HTTP/1.1 request without Host with a 400 in Nest shape', async () => {
    const wire = rawRequest('GET', '/health/live', {}).toString('latin1').replace('Host: 127.0.0.1\r\n', '');
    await expectNestError(await sendRaw(service.url, wire), 400);
  });

  it('refuses a body nested thousands of levels deep with a 400, not a stack overflow', async () => {
    const token = bearer(await mintToken({ scope: 'users:write' }));
    const body = `{"email":"x@example.com","name":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const response = await fetch(`${service.url}/users`, { method: 'POST', headers: { ...token, 'content-type': 'application/json' }, body });
    await expectNestError(response, 400);
    await expectNestError(await sendJson(service.url, 'POST', '/users', { email: 'x@example.com', name: [[[[['deep']]]]] }, token), 400);
  });

  it("refuses a token whose exp no date can hold with a 401, and caps the cookie's lifetime at 400 days", async () => {
    const absurd = await mintToken({ expiresIn: 1e13 });
    await expectNestError(await fetch(`${service.url}/auth/session`, { method: 'POST', headers: bearer(absurd) }), 401);
    const long = await fetch(`${service.url}/auth/session`, { method: 'POST', headers: bearer(await mintToken({ expiresIn: 10 * 365 * 86_400 })) });
    expect(long.status).toBe(204);
    expect(Number(/Max-Age=(\d+)/i.exec(long.headers.get('set-cookie') ?? '')?.[1])).toBe(400 * 86_400);
  });
});
