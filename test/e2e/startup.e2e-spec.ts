import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildService, type ServiceBuild, type ServiceProcess, startService } from '../support/service-process.js';

/** Runs the built service to its exit and returns its code and everything it printed. */
function runToExit(build: ServiceBuild, env: Readonly<Record<string, string>>): Promise<{ code: number | null; output: string }> {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, [build.main], { cwd: dirname(dirname(build.main)), env: { ...inherited, ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('start-up', () => {
  let build: ServiceBuild;
  let scratch: string;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    build = await buildService();
    scratch = mkdtempSync(join(tmpdir(), 'herald-startup-'));
  });

  afterEach(() => {
    service?.kill();
    service = undefined;
  });

  afterAll(() => {
    build.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('stops with one line naming PORT when the port is taken, before it creates or migrates any data', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const { port } = holder.address() as { port: number };
    const dataDir = join(scratch, 'never-created');
    try {
      const { code, output } = await runToExit(build, { PORT: String(port), DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(output.trim().split('\n')).toEqual([`PORT=${port}: the port is already in use on 127.0.0.1; stop what holds it or set PORT to another port`]);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('says where the dashboard, the docs and the data are and which mode it runs in, without a line per route', async () => {
    const dataDir = join(scratch, 'data');
    service = await startService(build, { DATA_DIR: dataDir });
    const output = service.output();
    const port = new URL(service.url).port;
    expect(output).toContain(`dashboard http://localhost:${port}/`);
    expect(output).toContain(`API docs http://localhost:${port}/docs`);
    expect(output).toContain(`data: embedded PGlite in ${dataDir}`);
    expect(output).toContain('mode: one instance');
    expect(output).not.toContain('Mapped {');
    expect(output).not.toContain('dependencies initialized');
  }, 90_000);

  it('shows Nest\'s route lines at LOG_LEVEL=debug', async () => {
    service = await startService(build, { DATA_DIR: join(scratch, 'debug'), LOG_LEVEL: 'debug' });
    expect(service.output()).toContain('Mapped {/users, POST} route');
  }, 90_000);

  it('stops without printing the credentials of a database it cannot reach', async () => {
    const { code, output } = await runToExit(build, { PORT: '0', DATABASE_URL: 'postgres://herald:s3cret@127.0.0.1:1/nowhere' });
    expect(code).toBe(1);
    expect(output).not.toContain('s3cret');
  });
});
