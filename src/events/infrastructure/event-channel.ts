import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { AppConfig } from '../../config/app-config.js';

/**
 * The Redis channel of one event log: named after the database (host, port and name, never the
 * credentials), so that instances share it exactly when they share the log.
 */
export function eventChannel({ databaseUrl, dataDir }: AppConfig): string {
  let identity: string;
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    identity = `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } else {
    identity = `pglite://${resolve(dataDir)}`;
  }
  return `herald:events:${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}
