import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import type { Requirement } from './requirements.js';
import { freePort } from './service-process.js';
import { waitUntil } from './wait.js';

export const redisBinary: Requirement = {
  met: spawnSync('redis-server', ['--version']).status === 0,
  toRun: 'install redis-server (apt-get install redis-server) so that a test can start and stop a Redis of its own',
};

/** A Redis server of the test's own on a free port, which it may stop and start again without touching anyone else's. */
export interface RedisProcess {
  readonly url: string;
  start(): Promise<void>;
  /** Stops this server only (by its PID) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** A test-owned Redis, not started yet. */
export async function redisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child) return;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitUntil(() => answersPing(port), `redis-server answers on port ${port}`, 5000, 20);
    },
    async stop() {
      const running = child;
      if (!running) return;
      child = null;
      if (running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.setTimeout(500, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('close', () => resolve(false));
    socket.once('error', () => undefined);
  });
}
