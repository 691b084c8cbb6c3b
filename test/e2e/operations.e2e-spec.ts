import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { logHead } from '../support/event-log.js';
import { readMetrics } from '../support/metrics.js';
import { StreamClient } from '../support/stream-client.js';
import { redisBinary, redisProcess } from '../support/redis-process.js';
import { describeWith, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { createUser } from '../support/users.js';
import { waitUntil } from '../support/wait.js';

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

  describe('GET /health/live', () => {
    it('answers 200 and checks nothing', async () => {
      const response = await fetch(`${url}/health/live`);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', info: {} });
    });
  });

  describe('GET /health/ready', () => {
    it('answers 200 with the database up, and checks only the database', async () => {
      const response = await fetch(`${url}/health/ready`);

      expect(response.status).toBe(200);
      const body = (await response.json()) as { info: Record<string, unknown> };
      expect(body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
      expect(Object.keys(body.info)).toEqual(['database']);
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

    it('documents the three health routes with their 200 and 503 answers', async () => {
      const document = (await (await fetch(`${url}/docs-json`)).json()) as {
        paths: Record<string, { get?: { summary?: string; responses?: Record<string, unknown> } }>;
      };

      for (const path of ['/health', '/health/live', '/health/ready']) {
        const route = document.paths[path]?.get;
        expect({ path, summary: typeof route?.summary }).toEqual({ path, summary: 'string' });
        // and the errors every route, or every route behind a token, may give (api-documents.e2e-spec.ts)
        expect(Object.keys(route?.responses ?? {})).toEqual(expect.arrayContaining(['200', '503']));
      }
    });
  });

  describe('GET /', () => {
    it('serves the dashboard page, whose script speaks to /users and the /events stream', async () => {
      const response = await fetch(`${url}/`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<script src="/dashboard.js"');
      const script = await fetch(`${url}/dashboard.js`);
      expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      const code = await script.text();
      expect(code).toContain('EventSource');
      expect(code).toContain('/events');
      expect(code).toContain('/users');
    });
  });
});

const healthOf = async (url: string, path: string): Promise<{ status: number; body: string }> => {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: await response.text() };
};

describeWith([redisBinary], 'health while Redis is down', () => {
  it('is ready and live, and the full report names the broker', async () => {
    const redis = await redisProcess();
    await redis.start();
    const booted = await bootApp({ REDIS_URL: redis.url });
    try {
      await waitUntil(async () => (await healthOf(booted.url, '/health')).status === 200, 'the broker is up', 10_000, 20);

      await redis.stop();
      await waitUntil(async () => (await healthOf(booted.url, '/health')).status === 503, 'the broker is reported down', 5000, 20);

      expect((await healthOf(booted.url, '/health')).body).toContain('broker');
      expect((await healthOf(booted.url, '/health/ready')).status).toBe(200);
      expect((await healthOf(booted.url, '/health/live')).status).toBe(200);
    } finally {
      await booted.close();
      await redis.stop();
    }
  });
});

describeWith([postgresServer], 'health while the database is down', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase(POSTGRES_URL as string);
  });

  afterAll(async () => {
    await scratch?.drop();
  });

  it('is not ready but live, names the database, and is ready again once it is back', async () => {
    const target = new URL(scratch.url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    target.host = `127.0.0.1:${proxy.port}`;
    const booted = await bootApp({ DATABASE_URL: target.toString() });
    try {
      expect((await healthOf(booted.url, '/health/ready')).status).toBe(200);

      proxy.cut();
      const ready = await healthOf(booted.url, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toContain('database');
      const full = await healthOf(booted.url, '/health');
      expect(full.status).toBe(503);
      expect(full.body).toContain('database');
      expect((await healthOf(booted.url, '/health/live')).status).toBe(200);

      proxy.restore();
      await waitUntil(async () => (await healthOf(booted.url, '/health/ready')).status === 200, 'ready again', 5000, 50);
    } finally {
      await booted.close();
      await proxy.close();
    }
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
