// herald-build: Herald as another build of it serves POST /users, for compare-builds.mjs. The build is a
// directory with its own dist/ (a git worktree of some revision); its createApp() is booted as
// servers/herald.mjs boots this checkout's, with the same settings, on the store the runner chose.
import 'reflect-metadata';
import { pathToFileURL } from 'node:url';

export async function start({ root, databaseUrl, env = {} }) {
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'DATA_DIR']) delete process.env[name];
  process.env.DATABASE_URL = databaseUrl;
  // As servers/herald.mjs: the contract's defaults, but no per-client write limit (one address sends the whole load).
  Object.assign(process.env, { SSE_MAX_CONNECTIONS: '20000', SSE_MAX_CONNECTIONS_PER_CLIENT: '20000', RATE_LIMIT_WRITES: '0', LOG_FORMAT: 'json', ...env });
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
