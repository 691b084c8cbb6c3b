import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { logHead } from '../support/event-log.js';
import { readMetrics } from '../support/metrics.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';

const SSE_METRICS = {
  sse_connections: 'gauge',
  sse_events_published_total: 'counter',
  sse_events_delivered_total: 'counter',
  sse_connections_dropped_total: 'counter',
} as const;

describe('operations', () => {
  let booted: BootedApp;
  let url: string;

  beforeAll(async () => {
    booted = await bootApp();
    url = booted.url;
  });

  afterAll(async () => {
    await booted?.close();
  });

  describe('GET /health', () => {
    it('answers 200 with the database and the broker up', async () => {
      const response = await fetch(`${url}/health`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, broker: { status: 'up' } },
      });
    });
  });

  describe('GET /metrics', () => {
    it('answers Prometheus text with the four sse_* metrics, typed', async () => {
      const response = await fetch(`${url}/metrics`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      const samples = await readMetrics(url);
      for (const [name, type] of Object.entries(SSE_METRICS)) {
        expect(text).toContain(`# TYPE ${name} ${type}\n`);
        expect(samples.get(name)).toEqual(expect.any(Number));
      }
    });

    it('counts an event once as published and once per open stream as delivered', async () => {
      const head = await logHead(booted.app);
      const streams = [0, 1].map(() => StreamClient.open(url, { lastEventIdHeader: String(head) }));
      try {
        await Promise.all(streams.map((stream) => stream.waitOpen()));
        const before = await readMetrics(url);

        await createUser(url, 'metered@example.com', 'Metered');
        await Promise.all(streams.map((stream) => stream.waitForId(head + 1)));

        const after = await readMetrics(url);
        expect(after.get('sse_events_published_total')).toBe(before.get('sse_events_published_total')! + 1);
        expect(after.get('sse_events_delivered_total')).toBe(before.get('sse_events_delivered_total')! + 2);
        expect(after.get('sse_connections')).toBe(2);
      } finally {
        for (const stream of streams) stream.close();
      }
    });
  });

  describe('the API documentation', () => {
    it('serves the OpenAPI UI at GET /docs', async () => {
      const response = await fetch(`${url}/docs`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('serves an OpenAPI document with the users routes and /events at GET /docs-json', async () => {
      const response = await fetch(`${url}/docs-json`);

      expect(response.status).toBe(200);
      const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths['/users'] ?? {}).sort()).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(document.paths['/users/{id}'] ?? {}).sort()).toEqual(expect.arrayContaining(['delete', 'get', 'patch']));
      expect(Object.keys(document.paths['/events'] ?? {})).toContain('get');
    });
  });

  describe('GET /', () => {
    it('serves the dashboard page, which speaks to /users and the /events stream', async () => {
      const response = await fetch(`${url}/`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await response.text();
      expect(page).toContain('EventSource');
      expect(page).toContain('/events');
      expect(page).toContain('/users');
    });
  });
});

describe('configuration', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'herald-e2e-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['SSE_HEARTBEAT_MS', 'soon'],
    ['SSE_RETRY_MS', '-1'],
    ['SSE_REPLAY_LIMIT', '1.5'],
    ['SSE_MAX_BUFFER_BYTES', '0'],
    ['SSE_MAX_CONNECTIONS', '0'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/herald'],
    ['REDIS_URL', 'localhost:6379'],
  ])('refuses to start with a bad %s, and names it', async (name, value) => {
    const booting = bootApp({ DATA_DIR: dataDir, [name]: value });
    void booting.then((booted) => booted.close(), () => undefined); // should it start after all, it is stopped
    await expect(booting).rejects.toThrow(new RegExp(`\\b${name}\\b`));
  });
});
