// Child processes of the runner: forked with an IPC channel, asked things by request/response, and
// always killed at the end (normal exit, error, signal), by their own pid only.
import { fork, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

const children = new Set();
const tempDirs = new Set();
const exitHooks = new Set();

function killAll() {
  for (const child of children) {
    try {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
  for (const hook of exitHooks) {
    try {
      hook();
    } catch {
      /* best effort */
    }
  }
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping every process it started`);
    killAll();
    process.exit(130);
  });
}

/** A temporary directory removed when the runner exits, whatever happens. */
export function trackTempDir(dir) {
  tempDirs.add(dir);
  return dir;
}
export function forgetTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}
/** A synchronous clean-up run at exit (e.g. dropping what cannot be dropped sooner). */
export function onExit(hook) {
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

/** spawn() a helper (strace) that is killed with the rest. */
export function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * A forked Node process spoken to over IPC. request(cmd, args) resolves with the child's answer;
 * messages the child sends unasked ({ type }) go to the onMessage listeners.
 */
export class Child {
  constructor(modulePath, { args = [], execArgv = [], env = process.env, name = modulePath, timeoutMs = 60_000 } = {}) {
    this.name = name;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.stderr = '';
    // A server's log lines (Herald's, a JSON line per request) are still made and written, to /dev/null, unless BENCH_VERBOSE.
    const stdout = process.env.BENCH_VERBOSE ? 'inherit' : 'ignore';
    this.proc = fork(modulePath, args, { execArgv, env, stdio: ['ignore', stdout, 'pipe', 'ipc'], serialization: 'advanced' });
    children.add(this.proc);
    this.pid = this.proc.pid;
    this.defaultTimeoutMs = timeoutMs;
    this.proc.stderr.on('data', (chunk) => {
      const text = chunk.toString();
      this.stderr = (this.stderr + text).slice(-8000);
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[${this.name}] ${text}`);
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        children.delete(this.proc);
        const error = new Error(`${this.name} exited (code ${code}, signal ${signal})${this.stderr ? `: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`);
        for (const { reject, timer } of this.pending.values()) {
          clearTimeout(timer);
          reject(error);
        }
        this.pending.clear();
        resolve({ code, signal });
      });
    });
    this.proc.on('message', (message) => {
      if (message && message.replyTo !== undefined) {
        const waiting = this.pending.get(message.replyTo);
        if (!waiting) return;
        this.pending.delete(message.replyTo);
        clearTimeout(waiting.timer);
        if (message.error) waiting.reject(new Error(`${this.name}: ${message.error}`));
        else waiting.resolve(message.result);
      } else {
        for (const listener of this.listeners) listener(message);
      }
    });
  }

  onMessage(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(cmd, args = {}) {
    if (this.proc.connected) this.proc.send({ cmd, ...args });
  }

  request(cmd, args = {}, timeoutMs = this.defaultTimeoutMs) {
    return new Promise((resolve, reject) => {
      if (!this.proc.connected) return reject(new Error(`${this.name} is not running`));
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.proc.send({ id, cmd, ...args });
    });
  }

  /** Asks the child to exit (so that --cpu-prof can write its profile), then kills it. */
  async stop(graceMs = 5000) {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    try {
      if (this.proc.connected) this.proc.send({ cmd: 'exit' });
    } catch {
      /* channel gone */
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A Child once it has said it is ready ({ type: 'ready' }); that message is `ready`. */
export async function startChild(modulePath, options) {
  const child = new Child(modulePath, options);
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.name} did not start within 60 s: ${child.stderr}`)), 60_000);
    child.onMessage((message) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    child.exited.then(() => reject(new Error(`${options.name} exited while starting: ${child.stderr.trim().split('\n').slice(-8).join('\n')}`)));
  });
  return { child, ready };
}

/**
 * The child side: answers requests with the handler of the same name; exits when the runner goes away.
 */
export function serveIpc(handlers) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (message) => {
    if (!message || typeof message.cmd !== 'string') return;
    if (message.cmd === 'exit') {
      if (handlers.exit) await handlers.exit().catch(() => undefined);
      process.exit(0);
    }
    const handler = handlers[message.cmd];
    if (message.id === undefined) {
      if (handler) Promise.resolve().then(() => handler(message)).catch((error) => console.error(error));
      return;
    }
    try {
      if (!handler) throw new Error(`unknown command ${message.cmd}`);
      const result = await handler(message);
      process.send({ replyTo: message.id, result });
    } catch (error) {
      process.send({ replyTo: message.id, error: error?.stack ?? String(error) });
    }
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls condition() every intervalMs until it holds or timeoutMs passes; returns whether it held. */
export async function waitFor(condition, { timeoutMs, intervalMs = 50 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** A port nobody holds right now; a server that refuses a taken one shows a lost race. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
