import { StoreUnavailable } from '../../application/store-unavailable.js';

// node-postgres and PGlite errors carry the SQLSTATE in "code"; Drizzle wraps them in a DrizzleQueryError's cause.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const CONNECTION_CLASSES = ['08', '57P']; // connection exception; operator intervention (shutdown, crash)
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed/i;

export const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE or system error code of a driver error, looking through Drizzle's wrapper. */
export function errorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  if (code && (CONNECTION_CODES.has(code) || CONNECTION_CLASSES.some((prefix) => code.startsWith(prefix)))) return true;
  for (let current = error; current instanceof Error; current = current.cause) {
    if (CONNECTION_MESSAGES.test(current.message)) return true;
  }
  return false;
}

/** Runs a store operation; a lost or refused connection becomes StoreUnavailable (503), anything else goes on. */
export async function guardStore<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw isConnectionError(error) ? new StoreUnavailable() : error;
  }
}
