import { rmSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.js';
import { freshDataDir } from './data-dir.js';

/** Settings a test boots with, by their environment names (SSE_HEARTBEAT_MS, SSE_REPLAY_LIMIT...). */
export type Settings = Readonly<Record<string, string>>;

export interface BootedApp {
  readonly app: INestApplication;
  /** http://127.0.0.1:<port>, without a trailing slash. */
  readonly url: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

// Unset unless a test names them: every app gets its own embedded database and its in-process broker.
const ISOLATED = ['DATABASE_URL', 'REDIS_URL', 'EVENT_BROKER', 'PORT'] as const;

/** The write budget is off unless a test names it: suites that write a lot are not about it (limits.e2e-spec.ts is). */
export const WRITE_LIMIT_OFF = { RATE_LIMIT_WRITES: '0' } as const;

/**
 * Boots the real application on a free port of 127.0.0.1, on an empty embedded database in a fresh
 * temporary DATA_DIR (removed by close()) unless the settings name one. The settings are read from
 * process.env while createApp() runs, then restored.
 */
/** port: 0 for a free one; a fixed one lets a test restart the service where its clients reconnect. */
export async function bootApp(settings: Settings = {}, port = 0): Promise<BootedApp> {
  const ownDataDir = settings.DATA_DIR === undefined;
  const dataDir = settings.DATA_DIR ?? (await freshDataDir());
  const unset = Object.fromEntries(ISOLATED.map((key) => [key, undefined]));
  const wanted: Record<string, string | undefined> = { ...unset, ...WRITE_LIMIT_OFF, DATA_DIR: dataDir, ...settings };
  const saved = Object.fromEntries(Object.keys(wanted).map((key) => [key, process.env[key]]));
  let app: INestApplication | undefined;
  try {
    applyEnvironment(wanted);
    app = await createApp();
    app.useLogger(['error', 'warn']);
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    applyEnvironment(saved);
  }
  const booted = app;
  const address = booted.getHttpServer().address() as { port: number };
  return {
    app: booted,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    async close() {
      await booted.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function applyEnvironment(values: Readonly<Record<string, string | undefined>>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
