import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NGINX_PATH } from './requirements.js';
import { freePort } from './service-process.js';
import { waitUntil } from './wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The nginx file docker-compose.yml mounts as its template: the tests run this very file. */
export const NGINX_TEMPLATE = join(ROOT, 'deploy', 'nginx', 'herald.conf.template');
const MAKE_CERTIFICATE = join(ROOT, 'deploy', 'tls', 'make-certificate.sh');

/** Fills in ${NAME} placeholders as envsubst would, and fails on any HERALD_ placeholder left over. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const rendered = template.replace(/\$\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
  const unfilled = rendered.match(/\$\{HERALD_\w+\}/g);
  if (unfilled) throw new Error(`the nginx template has placeholders nobody filled in: ${unfilled.join(', ')}`);
  return rendered;
}

export interface NginxProcess {
  /** Plain HTTP: http://127.0.0.1:<port>. */
  readonly httpUrl: string;
  /** TLS with HTTP/2: https://127.0.0.1:<port>, with a self-signed certificate. */
  readonly httpsUrl: string;
  output(): string;
  /** Stops this nginx (by its PID) and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Runs nginx as the test's own process (never the system service) on deploy/nginx/herald.conf.template,
 * in front of these upstreams. Only the process-level lines are the test's: what the nginx image's own
 * nginx.conf would hold (pid, logs, temp paths), in a directory of its own.
 */
export async function startNginx(upstreams: readonly string[]): Promise<NginxProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-nginx-'));
  chmodSync(dir, 0o755); // nginx's workers may run as another user than its master
  const made = spawnSync(MAKE_CERTIFICATE, [dir], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`deploy/tls/make-certificate.sh failed: ${made.stderr}`);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const server = renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), {
    HERALD_UPSTREAM_SERVERS: upstreams.map((upstream) => `server ${upstream};`).join(' '),
    HERALD_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
    HERALD_HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
    HERALD_TLS_CERTIFICATE: join(dir, 'certificate.pem'),
    HERALD_TLS_CERTIFICATE_KEY: join(dir, 'key.pem'),
  });
  writeFileSync(join(dir, 'herald.conf'), server);
  writeFileSync(join(dir, 'nginx.conf'), processConfig(dir));

  const child = spawn(NGINX_PATH, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const nginx: NginxProcess = {
    httpUrl,
    httpsUrl: `https://127.0.0.1:${httpsPort}`,
    output: () => output,
    async stop() {
      if (isRunning(child)) {
        child.kill('SIGTERM'); // nginx's fast shutdown: open streams are cut, not waited for
        const stubborn = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(stubborn);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntil(
      async () => {
        if (!isRunning(child)) throw new Error(`nginx exited before it answered:\n${output}`);
        return (await fetch(`${httpUrl}/health/live`).catch(() => null))?.status === 200;
      },
      'nginx answers GET /health/live with 200',
      10_000,
      50,
    );
  } catch (error) {
    await nginx.stop();
    throw error;
  }
  return nginx;
}

const isRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

function processConfig(dir: string): string {
  return `
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr notice;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client-body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  include ${join(dir, 'herald.conf')};
}
`;
}
