import { eq } from 'drizzle-orm';
import type { Drizzle } from './database.js';
import { deployment } from './deployment.table.js';

/** The identity the migrations stored in this database: the same for every instance on it, whatever its URL. */
export async function readDeploymentId(db: Drizzle): Promise<string> {
  const [row] = await db.select({ id: deployment.id }).from(deployment).where(eq(deployment.slot, 1));
  if (!row) throw new Error('the deployment table has no row: the migrations did not run to the end');
  return row.id;
}
