import { createServer } from 'node:net';

/**
 * Resolves when the port can be listened on, or rejects with one line naming PORT. Run before the
 * application opens its data, so that a second `npm start` touches nothing. The real listen may
 * still lose a race; that only fails later, never corrupts.
 */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be listened on (${error.code ?? error.message})`;
      reject(new Error(`PORT=${port}: the port ${why} on ${host}; stop what holds it or set PORT to another port`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
