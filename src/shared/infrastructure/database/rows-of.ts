// node-postgres answers { rows }, PGlite { rows } too, but Drizzle types each driver's result differently.
export function rowsOf<T>(result: unknown): T[] {
  const rows: unknown = Array.isArray(result) ? result : (result as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new Error('the database driver answered a query without a list of rows');
  return rows as T[];
}
