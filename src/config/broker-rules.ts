import type { Environment } from './environment.js';

/** How events reach the streams of other instances: not at all (memory), through Redis, or through PostgreSQL NOTIFY. */
export const BROKER_KINDS = ['memory', 'redis', 'postgres'] as const;
export type BrokerKind = (typeof BROKER_KINDS)[number];

/**
 * EVENT_BROKER, or when unset the broker the other settings make possible: Redis when it is configured (a
 * deployment that set it up wants it), else the database the instances share, else this process alone.
 */
export function brokerKind({ EVENT_BROKER, REDIS_URL, DATABASE_URL }: Environment): BrokerKind {
  return EVENT_BROKER ?? (REDIS_URL ? 'redis' : DATABASE_URL ? 'postgres' : 'memory');
}

/** A broker named without what it needs, one line each. */
export function brokerRuleViolations({ EVENT_BROKER, REDIS_URL, DATABASE_URL }: Environment): string[] {
  if (EVENT_BROKER === 'redis' && !REDIS_URL) return [`  EVENT_BROKER="redis": needs REDIS_URL, which is unset`];
  // The embedded database (PGlite) is one process's: there is nobody to notify.
  if (EVENT_BROKER === 'postgres' && !DATABASE_URL) return [`  EVENT_BROKER="postgres": needs DATABASE_URL (a PostgreSQL server), which is unset`];
  return [];
}
