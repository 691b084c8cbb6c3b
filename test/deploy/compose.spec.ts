import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { NGINX_TEMPLATE, renderTemplate } from '../support/nginx-process.js';
import { describeWith, dockerCompose, DOCKER_COMPOSE_PATH } from '../support/requirements.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = { AUTH_SECRET: 'compose-secret-of-at-least-32-bytes-0123' };

interface ComposeService {
  readonly environment?: Readonly<Record<string, string>>;
  readonly volumes?: readonly string[];
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly build?: unknown;
}

/** `docker-compose config` of a file: the model compose would run, every variable filled in. */
function composeConfig(file: string, environment: Readonly<Record<string, string>>): { status: number | null; stdout: string; stderr: string } {
  const { AUTH_SECRET: _unset, ...inherited } = process.env;
  return spawnSync(DOCKER_COMPOSE_PATH, ['-f', join(ROOT, file), 'config'], { cwd: ROOT, env: { ...inherited, ...environment }, encoding: 'utf8' });
}

describeWith([dockerCompose], 'docker-compose.yml', () => {
  let config: ReturnType<typeof composeConfig>;
  let services: Record<string, ComposeService>;
  beforeAll(() => {
    config = composeConfig('docker-compose.yml', SECRET);
    services = config.status === 0 ? (parse(config.stdout) as { services: Record<string, ComposeService> }).services : {};
  });

  it('passes docker-compose config', () => {
    expect({ status: config.status, stderr: config.stderr }).toEqual({ status: 0, stderr: '' });
    expect(Object.keys(services).sort()).toEqual(['herald-1', 'herald-2', 'nginx', 'postgres', 'redis']);
  });

  it('will not run without AUTH_SECRET, and names it', () => {
    const refused = composeConfig('docker-compose.yml', {});
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('set AUTH_SECRET');
  });

  it('mounts the nginx file the e2e suite runs as the nginx image’s template, and fills every placeholder of it', () => {
    const nginx = services.nginx!;
    expect(nginx.volumes).toContain(`${NGINX_TEMPLATE}:/etc/nginx/templates/default.conf.template:ro`);
    const rendered = renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), nginx.environment ?? {});
    expect(rendered).toContain('server herald-1:3000; server herald-2:3000;');
    expect(nginx.environment?.NGINX_ENVSUBST_FILTER).toBe('^HERALD_'); // nginx's own $variables stay nginx's
  });

  it('runs both instances in jwt mode, believing X-Forwarded-For from nginx’s address only', () => {
    const nginxAddress = (parse(config.stdout) as { services: { nginx: { networks: { herald: { ipv4_address: string } } } } }).services.nginx.networks.herald.ipv4_address;
    for (const name of ['herald-1', 'herald-2']) {
      expect(services[name]!.environment).toMatchObject({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET.AUTH_SECRET, TRUST_PROXY: nginxAddress });
    }
  });

  it('starts each service once what it needs is healthy', () => {
    expect(services['herald-1']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(services.nginx!.depends_on).toEqual({ 'herald-1': { condition: 'service_healthy' }, 'herald-2': { condition: 'service_healthy' } });
    for (const name of ['postgres', 'redis', 'nginx']) expect(services[name]!.healthcheck?.test.length).toBeGreaterThan(0);
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' '); // continued lines joined
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/health\/live/m); // the instances' own (dockerfile.spec.ts runs it)
  });
});

describeWith([dockerCompose], 'deploy/postgres-redis.compose.yml', () => {
  it('runs PostgreSQL and Redis alone, for npm start on the host, with no secret to set', () => {
    const config = composeConfig('deploy/postgres-redis.compose.yml', {});
    expect(config.status).toBe(0);
    expect(Object.keys((parse(config.stdout) as { services: object }).services).sort()).toEqual(['postgres', 'redis']);
  });
});
