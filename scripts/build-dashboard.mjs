// Builds the dashboard into public/ (generated, not committed): the bundled TypeScript, its page and styles.
// The page's CSP is default-src 'self', so everything it needs is a file of this origin: no inline code, no CDN.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(ROOT, 'dashboard');
const OUT = join(ROOT, 'public');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await build({
  entryPoints: [join(SOURCE, 'src/main.ts')],
  outfile: join(OUT, 'dashboard.js'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
for (const file of ['index.html', 'dashboard.css']) copyFileSync(join(SOURCE, file), join(OUT, file));
console.log(`dashboard built into ${OUT}`);
