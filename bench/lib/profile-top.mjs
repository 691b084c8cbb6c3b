// The top frames by self time of the .cpuprofile files that `node --cpu-prof` wrote in a directory.
//   node bench/lib/profile-top.mjs <dir-or-file.cpuprofile> [count]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * windows: optional [{ from, to }] in µs of the monotonic clock (process.hrtime / 1000, the clock V8's
 * profiler stamps its samples with): only the samples inside them count, e.g. one scenario's window.
 */
export function topFrames(path, count = 25, windows = null) {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0) return null;
  const self = new Map();
  let total = 0;
  let idle = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const micros = profile.timeDeltas[i] ?? 0;
      at += micros;
      if (windows && !windows.some(({ from, to }) => at >= from && at <= to)) return;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') {
        idle += micros;
        return;
      }
      total += micros;
      const where = url ? `${url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url}:${lineNumber + 1}` : '';
      const key = `${functionName || '(anonymous)'}\u0000${where}`;
      self.set(key, (self.get(key) ?? 0) + micros);
    });
  }
  const frames = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => {
      const [name, where] = key.split('\u0000');
      return { name, where, selfMs: micros / 1000, selfPct: (100 * micros) / total };
    });
  return { files, busyMs: total / 1000, idleMs: idle / 1000, frames };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const top = topFrames(process.argv[2], Number(process.argv[3] ?? 30));
  if (!top) {
    console.error('no .cpuprofile found');
    process.exit(1);
  }
  console.log(`busy ${top.busyMs.toFixed(0)} ms, idle ${top.idleMs.toFixed(0)} ms`);
  for (const frame of top.frames) console.log(`${frame.selfPct.toFixed(1).padStart(5)} %  ${frame.selfMs.toFixed(0).padStart(7)} ms  ${frame.name}  ${frame.where}`);
}
