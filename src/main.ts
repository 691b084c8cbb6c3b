import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig } from './config/app-config.js';
import { validateEnvironment } from './config/environment.js';
import { createApp } from './app.js';
import { HeraldLogger } from './operations/logging/herald-logger.js';
import { assertPortFree } from './operations/startup/port-check.js';
import { releaseStartupMemory } from './operations/startup/release-startup-memory.js';
import { startupSummary } from './operations/startup/startup-summary.js';

// Past this, a shutdown that hangs is cut short: the contract allows 10 s.
const SHUTDOWN_DEADLINE_MS = 9000;

async function main(): Promise<void> {
  const environment = validateEnvironment(process.env);
  await assertPortFree(environment.PORT, environment.HOST); // before the data is opened or migrated
  const app = await createApp();
  app.useLogger(app.get(HeraldLogger)); // flushes what Nest buffered while booting
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  releaseStartupMemory();
  const { port } = app.getHttpServer().address() as { port: number };
  for (const line of startupSummary(config, port)) Logger.log(line, 'Herald');
  if (config.access.mode === 'off') {
    Logger.warn(`AUTH_MODE=off: no access control; anyone who reaches ${config.host}:${port} may read and change every user`, 'Herald');
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref());
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
