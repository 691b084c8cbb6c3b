import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Something outside the project a suite needs, and how to switch it on. */
export interface Requirement {
  readonly met: boolean;
  /** What is missing, and what turns it on: shown as the skipped suite's name. */
  readonly toRun: string;
}

export const POSTGRES_URL: string | null = process.env.DATABASE_URL ?? null;
export const REDIS_URL: string | null = process.env.REDIS_URL ?? null;
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const postgresServer: Requirement = {
  met: POSTGRES_URL !== null,
  toRun: 'set DATABASE_URL=postgres://… to a server where this user may create databases',
};
export const redisServer: Requirement = { met: REDIS_URL !== null, toRun: 'set REDIS_URL=redis://…' };
export const NGINX_PATH: string = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';
export const nginxServer: Requirement = {
  met: existsSync(NGINX_PATH),
  toRun: `install Debian's nginx (apt-get install nginx; only the binary is used) or set NGINX_BINARY; ${NGINX_PATH} is missing`,
};
export const opensslCli: Requirement = {
  met: spawnSync('openssl', ['version']).status === 0,
  toRun: "install Debian's openssl (apt-get install openssl) so that a test can make a TLS certificate",
};
export const DOCKER_COMPOSE_PATH: string = process.env.DOCKER_COMPOSE ?? '/usr/bin/docker-compose';
export const dockerCompose: Requirement = {
  met: existsSync(DOCKER_COMPOSE_PATH),
  toRun: `install Debian's docker-compose (apt-get install docker-compose) or set DOCKER_COMPOSE; ${DOCKER_COMPOSE_PATH} is missing`,
};
export const chromiumBrowser: Requirement = {
  met: existsSync(CHROMIUM_PATH),
  toRun: `install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; ${CHROMIUM_PATH} is missing`,
};

// CI sets this: there a suite that cannot run fails instead of being skipped.
const EVERY_SUITE_REQUIRED = process.env.HERALD_REQUIRE_ALL_SUITES === '1';

/**
 * describe() when every requirement is met; otherwise the suite stands as one todo that says what would
 * run it, so that Jest's summary counts it instead of it vanishing. Under HERALD_REQUIRE_ALL_SUITES=1 a
 * missing requirement is a failing test instead.
 */
export function describeWith(requirements: readonly Requirement[], name: string, suite: () => void): void {
  const missing = requirements.filter((requirement) => !requirement.met);
  if (missing.length === 0) return describe(name, suite);
  const toRun = missing.map((requirement) => requirement.toRun).join('; ');
  if (EVERY_SUITE_REQUIRED) {
    describe(name, () => {
      it('has what it needs to run', () => {
        throw new Error(`HERALD_REQUIRE_ALL_SUITES=1 but this suite cannot run: ${toRun}`);
      });
    });
    return;
  }
  describe(name, () => {
    it.todo(`[not run here: ${toRun}]`);
  });
}
