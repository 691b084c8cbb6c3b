// herald-build: Herald as another build of it serves POST /users, for compare-builds.mjs. The build is a
// directory with its own dist/ (a git worktree of some revision); its createApp() is booted as
// servers/herald.mjs boots this checkout's, with the same settings, on the store the runner chose.
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { HERALD_BENCH_SETTINGS } from '../lib/herald-settings.mjs';

export async function start({ root, databaseUrl, env = {} }) {
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'DATA_DIR']) delete process.env[name];
  process.env.DATABASE_URL = databaseUrl;
  Object.assign(process.env, HERALD_BENCH_SETTINGS, env);
  const { createApp } = await import(pathToFileURL(`${root}/dist/app.js`).href);
  const app = await createApp();
  app.useLogger(['error', 'warn']);
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer();
  return {
    httpServer,
    port: httpServer.address().port,
    publish() {
      throw new Error('herald-build only serves POST /users');
    },
    close: () => app.close(),
  };
}
