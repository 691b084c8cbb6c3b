import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes the SQL migrations into drizzle/; they are committed and applied at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './src/shared/infrastructure/database/event-log.table.ts',
    './src/shared/infrastructure/database/deployment.table.ts',
    './src/users/infrastructure/users.table.ts',
  ],
  out: './drizzle',
});
