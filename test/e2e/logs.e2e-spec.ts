import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService, type ServiceBuild, type ServiceProcess, startService } from '../support/service-process.js';
import { ALL_SCOPES, bearer, JWT_MODE, mintToken } from '../support/tokens.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';
import { sendJson } from '../support/users.js';
import { waitUntil } from '../support/wait.js';

/** A line as the service writes it in production: one JSON object (LOG_FORMAT unset, stdout not a terminal). */
interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A stream read as it comes: the events seen so far, and a way to leave. */
function openStream(url: string, headers: Record<string, string>): { readonly events: () => number; readonly ended: Promise<void>; close(): void } {
  const controller = new AbortController();
  let text = '';
  const ended = (async () => {
    const response = await fetch(`${url}`, { headers, signal: controller.signal });
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) text += decoder.decode(chunk as Uint8Array, { stream: true });
  })().catch(() => undefined);
  return { events: () => text.match(/^event: user\./gm)?.length ?? 0, ended, close: () => controller.abort() };
}

// Both stream writers: the stream's own lines (opened, closed and why) are written by each adapter's connection.
describe.each(STREAM_WRITERS)('logs (SSE_WRITER=%s)', (writer) => {
  let build: ServiceBuild;
  let scratch: string;
  let service: ServiceProcess;
  let token: string;

  beforeAll(async () => {
    build = await buildService();
    scratch = mkdtempSync(join(tmpdir(), 'herald-logs-'));
    service = await startService(build, { ...JWT_MODE, DATA_DIR: join(scratch, 'data'), ...writtenBy(writer) }, { readyPath: '/health/live', timeoutMs: 90_000 });
    token = await mintToken({ sub: 'logger', scope: ALL_SCOPES });
  }, 180_000);

  afterAll(() => {
    service?.kill();
    build?.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  const lines = (): LogLine[] =>
    service
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  const linesOf = (requestId: string): LogLine[] => lines().filter((line) => line.requestId === requestId);
  const requestLinesOf = (requestId: string): LogLine[] => linesOf(requestId).filter((line) => line.msg.startsWith('request '));
  const lineOf = async (requestId: string, msg: string): Promise<LogLine> => {
    await waitUntil(() => linesOf(requestId).some((line) => line.msg === msg), `a "${msg}" line for ${requestId}`, 10_000, 20);
    return linesOf(requestId).find((line) => line.msg === msg)!;
  };

  it('writes JSON lines, the start-up summary included', () => {
    expect(lines().map((line) => line.msg)).toContainEqual(expect.stringMatching(/^Herald is serving on http:\/\/localhost:\d+$/));
    expect(lines().every((line) => typeof line.time === 'string' && typeof line.level === 'string')).toBe(true);
  });

  it('takes a plain X-Request-Id, returns it, and writes one line for the request with its status and duration', async () => {
    const response = await fetch(`${service.url}/users?limit=5`, { headers: { ...bearer(token), 'x-request-id': 'trace-0001' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-0001');
    const line = await lineOf('trace-0001', 'request completed');
    expect(line).toEqual(
      expect.objectContaining({ level: 'info', method: 'GET', route: '/users', path: '/users', status: 200, durationMs: expect.any(Number), client: 'sub:logger' }),
    );
    expect(requestLinesOf('trace-0001')).toHaveLength(1);
  });

  it('makes an id when none is sent, or when the one sent is not a plain token, and never logs or echoes the one refused', async () => {
    const hostile = ['x'.repeat(65), 'two words', '<script>', 'ann@example.com', 'id"quoted'];
    const ids: string[] = [];
    for (const sent of [undefined, ...hostile]) {
      const response = await fetch(`${service.url}/health/live`, { headers: sent === undefined ? {} : { 'x-request-id': sent } });
      ids.push(response.headers.get('x-request-id') ?? '');
    }
    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) await lineOf(id, 'request completed');
    for (const sent of hostile) expect(service.output()).not.toContain(sent);
  });

  it('writes a line for every request, refused or unknown ones too, named by route template, never by raw URL', async () => {
    const cases = [
      { id: 'refused-0001', path: '/users', headers: {}, route: '/users', status: 401 },
      { id: 'bad-id-0001', path: '/users/not-a-uuid', headers: bearer(token), route: '/users/:id', status: 400 },
      { id: 'unknown-0001', path: '/nowhere/at-all', headers: bearer(token), route: 'unmatched', status: 404 },
    ];
    for (const { id, path, headers, status } of cases) {
      expect((await fetch(`${service.url}${path}`, { headers: { ...headers, 'x-request-id': id } })).status).toBe(status);
    }
    for (const { id, route, status } of cases) {
      expect(await lineOf(id, 'request completed')).toEqual(expect.objectContaining({ route, status }));
      expect(requestLinesOf(id)).toHaveLength(1);
    }
  });

  it('carries the request id on every line of the request: the audit line of a write too', async () => {
    const response = await sendJson(service.url, 'POST', '/users', { email: 'audited@example.org', name: 'Audited' }, { ...bearer(token), 'x-request-id': 'write-0001' });
    expect(response.status).toBe(201);
    await lineOf('write-0001', 'request completed');
    await waitUntil(() => linesOf('write-0001').length >= 2, 'the audit line', 10_000, 20);
    expect(linesOf('write-0001').map((line) => line.context ?? line.msg)).toEqual(expect.arrayContaining(['request completed', 'Audit']));
  });

  it('writes no email, token, cookie, query value or body, whatever the requests carry', async () => {
    const cookieToken = await mintToken({ sub: 'session-holder', scope: ALL_SCOPES });
    const secrets = {
      bodyEmail: 'body.person@example.com',
      bodyName: 'Body Secret Name',
      queryEmail: 'query.person@example.com',
      pathEmail: 'path.person@example.com',
      token,
      cookieToken,
    };
    const sent = [
      await sendJson(service.url, 'POST', '/users', { email: secrets.bodyEmail, name: secrets.bodyName }, bearer(token)),
      await sendJson(service.url, 'POST', '/users', { email: secrets.bodyEmail, name: secrets.bodyName }, { cookie: `herald_session=${cookieToken}` }),
      await sendJson(service.url, 'POST', '/users', { email: 'not-an-email', name: secrets.bodyName }, bearer(token)),
      await fetch(`${service.url}/users?email=${encodeURIComponent(secrets.queryEmail)}&token=${token}`, { headers: bearer(token) }),
      await fetch(`${service.url}/users/${secrets.pathEmail}`, { headers: { cookie: `herald_session=${cookieToken}` } }),
      await fetch(`${service.url}/users`, { headers: { authorization: `Bearer ${token}x` } }),
    ];
    expect(sent.map((response) => response.status)).toEqual([201, 401, 400, 400, 400, 401]);
    const ids = sent.map((response) => response.headers.get('x-request-id')!);
    for (const id of ids) await lineOf(id, 'request completed');
    const output = service.output();
    for (const [what, secret] of Object.entries(secrets)) expect({ what, logged: output.includes(secret) }).toEqual({ what, logged: false });
    expect(output).not.toContain('not-an-email');
    expect(output).not.toMatch(/authorization|cookie/i);
  });

  it('writes one line when a stream opens and one when its client closes it, with how long and how many events', async () => {
    const watcher = await mintToken({ sub: 'watcher', scope: ALL_SCOPES });
    const stream = openStream(`${service.url}/events?types=user.created`, { ...bearer(watcher), 'last-event-id': '0', 'x-request-id': 'stream-0001' });
    const opened = await lineOf('stream-0001', 'stream opened');
    expect(opened).toEqual(expect.objectContaining({ context: 'EventStream', types: 'user.created', resumeFrom: '0', sub: 'watcher' }));
    await waitUntil(() => stream.events() > 0, 'the replay', 10_000, 20);
    const replayed = stream.events();
    await sendJson(service.url, 'POST', '/users', { email: 'live@example.org', name: 'Live' }, bearer(token));
    await waitUntil(() => stream.events() > replayed, 'the live event', 10_000, 20);
    stream.close();
    const closed = await lineOf('stream-0001', 'stream closed');
    expect(closed).toEqual(expect.objectContaining({ reason: 'client-closed', delivered: replayed + 1, durationMs: expect.any(Number) }));
    expect(requestLinesOf('stream-0001')).toEqual([]); // the stream's own two lines say it all
    expect(JSON.stringify(linesOf('stream-0001'))).not.toContain(watcher);
  });

  it("says a stream ended at its token's exp", async () => {
    const shortLived = await mintToken({ sub: 'brief', scope: ALL_SCOPES, expiresIn: 2 });
    const stream = openStream(`${service.url}/events`, { ...bearer(shortLived), 'x-request-id': 'expiring-0001' });
    await lineOf('expiring-0001', 'stream opened');
    const closed = await lineOf('expiring-0001', 'stream closed');
    expect(closed).toEqual(expect.objectContaining({ reason: 'token-expired', delivered: 0 }));
    stream.close();
  });

  // Last: it stops the service.
  it('says the streams open at shutdown ended because of it, in lines written before the process exits', async () => {
    const stream = openStream(`${service.url}/events`, { ...bearer(token), 'x-request-id': 'shutdown-0001' });
    await lineOf('shutdown-0001', 'stream opened');
    service.child.kill('SIGTERM');
    const { code } = await service.exited;
    expect(code).toBe(0);
    expect(linesOf('shutdown-0001').find((line) => line.msg === 'stream closed')).toEqual(expect.objectContaining({ reason: 'shutdown' }));
    await stream.ended;
  });
});
