import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig } from './config/app-config.js';
import { createApp } from './app.js';

// Past this, a shutdown that hangs is cut short: the contract allows 10 s.
const SHUTDOWN_DEADLINE_MS = 9000;

async function main(): Promise<void> {
  const app = await createApp();
  const { port } = app.get(AppConfig);
  await app.listen(port);
  Logger.log(`Herald listening on http://localhost:${port}`, 'Main');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref());
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
