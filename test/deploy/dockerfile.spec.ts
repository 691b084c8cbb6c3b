import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { freePort } from '../support/service-process.js';

const DOCKERFILE = readFileSync(fileURLToPath(new URL('../../Dockerfile', import.meta.url)), 'utf8');
/** The runtime stage: what the image runs; the build stage is thrown away. */
const RUNTIME = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));
/** An instruction's exec-form arguments (a JSON array), backslash-continued lines joined. */
const execForm = (instruction: string): string[] => {
  const match = new RegExp(`^${instruction} (\\[.*\\])$`, 'm').exec(RUNTIME.replace(/\\\n\s*/g, ''));
  if (!match) throw new Error(`the runtime stage has no exec-form ${instruction}`);
  return JSON.parse(match[1]!) as string[];
};

/** Runs the image's HEALTHCHECK command here, as Docker would in the container, and resolves with its exit code. */
function healthCheck(port: number): Promise<number | null> {
  const [command, ...args] = execForm('HEALTHCHECK(?: --\\S+)* CMD');
  const child = spawn(command === 'node' ? process.execPath : command!, args, { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('Dockerfile', () => {
  let app: BootedApp;
  beforeAll(async () => (app = await bootApp()));
  afterAll(() => app.close());

  it('its health check passes against a service that answers GET /health/live', async () => {
    expect(await healthCheck(Number(new URL(app.url).port))).toBe(0);
  });

  it('its health check fails where no service listens', async () => {
    expect(await healthCheck(await freePort())).toBe(1);
  });

  it('runs node itself, as the non-root node user, so that SIGTERM reaches the service', () => {
    expect(execForm('CMD')).toEqual(['node', 'dist/main.js']);
    expect(RUNTIME).toMatch(/^USER node$/m);
    expect(RUNTIME).toMatch(/^RUN npm ci --omit=dev/m);
  });
});
