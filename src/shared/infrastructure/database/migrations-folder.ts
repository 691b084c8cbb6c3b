import { fileURLToPath } from 'node:url';

// The committed drizzle-kit output at the project root; the same four levels up from src/ and from dist/.
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../drizzle', import.meta.url));
