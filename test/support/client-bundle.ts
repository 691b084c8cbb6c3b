import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../client/herald-stream.ts', import.meta.url));

/** client/herald-stream.ts as one classic script that defines the global `Herald`, for a page to load. */
export async function bundleHeraldClient(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    globalName: 'Herald',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
