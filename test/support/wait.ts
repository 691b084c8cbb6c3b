/** Polls a condition until it holds; fails with what was awaited once the deadline passes. Returns the wait in ms. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
  intervalMs = 10,
): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    if (await condition()) return Date.now() - started;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await delay(intervalMs);
  }
}

/** Settles with the promise, or fails once the deadline passes. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Only for pacing a loop or for proving that something does not happen; never to await a condition. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
