import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';
import { waitUntil } from './wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The options jest.config.js compiles the sources with, so that the process runs what the other suites test.
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
  },
  module: { type: 'es6' },
  swcrc: false,
} as const;

export interface ServiceBuild {
  /** The entry point: main.js of the sources as they are now. */
  readonly main: string;
  remove(): void;
}

/**
 * Compiles src/ as it is now into a scratch directory laid out like the project (dist/ beside
 * drizzle/, public/ and node_modules/), so that a test can run the service as a process without
 * depending on, or touching, a build of the project.
 */
export async function buildService(): Promise<ServiceBuild> {
  const root = mkdtempSync(join(tmpdir(), 'herald-build-'));
  for (const shared of ['node_modules', 'drizzle', 'public']) symlinkSync(join(ROOT, shared), join(root, shared), 'dir');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  const sources = join(ROOT, 'src');
  const files = (readdirSync(sources, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
  await Promise.all(
    files.map(async (file) => {
      const { code } = await transformFile(join(sources, file), SWC_OPTIONS);
      const target = join(root, 'dist', file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }),
  );
  return { main: join(root, 'dist', 'main.js'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface ServiceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with its code and signal, and when. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly at: number }>;
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
  /** Kills the process if it still runs. */
  kill(): void;
}

/** A port of 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface StartOptions {
  /** What answers 200 once the service is up: /health/live needs no token, /health does. */
  readonly readyPath?: string;
  readonly timeoutMs?: number;
}

/** Runs the built service with these settings and waits until GET /health (or readyPath) answers 200. */
export async function startService(
  build: ServiceBuild,
  settings: Readonly<Record<string, string>>,
  // A fresh embedded database runs initdb first: over 30 s on a loaded 2-core machine. A wait, not a timing target.
  { readyPath = '/health', timeoutMs = 60_000 }: StartOptions = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, [build.main], {
    cwd: dirname(dirname(build.main)),
    env: { ...inherited, RATE_LIMIT_WRITES: '0', ...settings, PORT: String(port) }, // as bootApp: the write budget only where a test names it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code;
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const service: ServiceProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    exited,
    output: () => output,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  try {
    await waitUntil(
      async () => {
        if (exitCode !== undefined) throw new Error(`the service exited with ${exitCode} before it answered:\n${output}`);
        return (await fetch(`${service.url}${readyPath}`).catch(() => null))?.status === 200;
      },
      `the service answers GET ${readyPath} with 200`,
      timeoutMs,
      50,
    );
  } catch (error) {
    service.kill();
    throw new Error(`${(error as Error).message}\n${relative(ROOT, build.main)} said:\n${output}`);
  }
  return service;
}
