import { resolve } from 'node:path';
import { isLoopback } from '../../config/access-rules.js';
import type { AppConfig } from '../../config/app-config.js';

const ACCESS = {
  loopback: 'no tokens (AUTH_MODE unset): this machine only',
  off: 'no access control (AUTH_MODE=off)',
  jwt: 'JSON Web Tokens (AUTH_MODE=jwt)',
} as const;

const BROKERS = { redis: 'Redis', postgres: 'PostgreSQL NOTIFY' } as const;

/** Where a URL points, without its credentials or query: safe for a log line. */
function place(url: string): string {
  const { protocol, hostname, port, pathname } = new URL(url);
  return `${protocol}//${hostname}${port ? `:${port}` : ''}${pathname === '/' ? '' : pathname}`;
}

/** What an operator needs at start-up: where to look, where the data is, which mode this is. */
export function startupSummary(config: AppConfig, port: number): string[] {
  const baseUrl = `http://${isLoopback(config.host) ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const data = config.databaseUrl ? `PostgreSQL at ${place(config.databaseUrl)}` : `embedded PGlite in ${resolve(config.dataDir)}`;
  const { broker: setting } = config;
  const broker = setting.kind === 'memory' ? 'in-process' : `${BROKERS[setting.kind]} at ${place(setting.url)}`;
  const mode =
    setting.kind === 'memory'
      ? 'one instance (set DATABASE_URL to run several)'
      : `several instances may share this database, fanning events out through ${BROKERS[setting.kind]}`;
  return [
    `Herald is serving on ${baseUrl}`,
    `  dashboard ${baseUrl}/   API docs ${baseUrl}/docs   metrics ${baseUrl}/metrics`,
    `  data: ${data}; broker: ${broker}`,
    `  mode: ${mode}`,
    `  access: ${ACCESS[config.access.mode]}`,
  ];
}
