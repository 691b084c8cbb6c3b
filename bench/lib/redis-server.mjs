// A Redis of the bench's own on a free port (no persistence), killed with the runner's other children, and
// what it spent: CPU from INFO cpu, commands from INFO stats and INFO commandstats.
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, sleep, spawnTracked } from './proc.mjs';

export const redisServerAvailable = () => spawnSync('redis-server', ['--version']).status === 0;

export async function startRedisServer() {
  const port = await freePort();
  const child = spawnTracked('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined); // a refused first attempt is retried below
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await client.connect();
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server on port ${port} did not answer: ${error.message}`);
      await sleep(50);
    }
  }
  return {
    url,
    /** CPU seconds so far (user + system, the server's own) and commands processed, PUBLISH among them. */
    async usage() {
      const info = parseInfo(await client.info('everything'));
      return {
        cpuSeconds: Number(info.used_cpu_user) + Number(info.used_cpu_sys),
        commands: Number(info.total_commands_processed),
        publishes: Number(/calls=(\d+)/.exec(info.cmdstat_publish ?? '')?.[1] ?? 0),
      };
    },
    async stop() {
      client.disconnect();
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function parseInfo(text) {
  return Object.fromEntries(
    text
      .split('\r\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
}
