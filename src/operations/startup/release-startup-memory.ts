import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * One memory-reducing collection once the service listens. Node 24 sizes the young generation from the
 * machine's memory and loading the modules grows it to 128 MiB; V8 shrinks it, and frees the start-up
 * garbage, only when its memory reducer judges the process idle, which after a restart it never did
 * within a minute. Under load the young generation grows back as needed.
 */
export function releaseStartupMemory(): void {
  setFlagsFromString('--expose-gc'); // gc() then exists in contexts created from here on, not in ours
  (runInNewContext('gc') as Gc)({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
