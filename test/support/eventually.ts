import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once the condition holds, checking every few milliseconds; fails after timeoutMs. */
export async function eventually(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}
