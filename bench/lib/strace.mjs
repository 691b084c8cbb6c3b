// Syscalls per delivery: strace -c -f -e trace=write,writev attached to the server process for one
// window. Skipped (null) when strace is missing or cannot attach (no ptrace in the sandbox).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, spawnTracked, trackTempDir, forgetTempDir } from './proc.mjs';

let available = null;

export function straceAvailable() {
  if (available !== null) return available;
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
    available = true;
  } catch {
    try {
      execFileSync('apt-get', ['install', '-y', 'strace'], { stdio: 'ignore', timeout: 120_000 });
      execFileSync('strace', ['-V'], { stdio: 'ignore' });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Attaches to pid; resolves once attached, with stop() giving { write, writev } call counts (or null). */
export async function attachStrace(pid) {
  if (!straceAvailable()) return null;
  const dir = trackTempDir(mkdtempSync(join(tmpdir(), 'herald-bench-strace-')));
  const out = join(dir, 'summary.txt');
  const child = spawnTracked('strace', ['-c', '-f', '-e', 'trace=write,writev', '-p', String(pid), '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 3000;
  while (!/attached/.test(stderr) && child.exitCode === null && Date.now() < deadline) await sleep(20);
  if (!/attached/.test(stderr)) {
    child.kill('SIGKILL');
    forgetTempDir(dir);
    return null;
  }
  await sleep(100);
  return {
    async stop() {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      let text = '';
      try {
        text = readFileSync(out, 'utf8');
      } catch {
        /* no summary */
      }
      forgetTempDir(dir);
      const calls = (name) => {
        const line = text.split('\n').find((row) => row.trim().split(/\s+/).at(-1) === name);
        if (!line) return 0;
        const columns = line.trim().split(/\s+/);
        return Number(columns[3]);
      };
      if (!/syscall/.test(text)) return null;
      return { write: calls('write'), writev: calls('writev') };
    },
  };
}
