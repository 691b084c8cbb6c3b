// What one database's clients cost the local PostgreSQL server: CPU of the backends serving it (time on
// CPU from /proc/<pid>/schedstat, in ns, where stat's utime + stime count 10 ms ticks; the server runs on
// this machine) and its transaction and row counters (pg_stat_database). Readings are cumulative; the
// scenario subtracts two.
import { readFileSync } from 'node:fs';
import pg from 'pg';

export async function postgresLoad(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'herald-bench-probe' });
  await client.connect();
  const cpuOf = new Map(); // last reading per backend, so that one that exits mid-window still counts
  return {
    async usage() {
      const backends = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      for (const { pid } of backends.rows) {
        const seconds = backendCpuSeconds(pid);
        if (seconds !== null) cpuOf.set(pid, seconds);
      }
      await client.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
      const { rows } = await client.query('SELECT xact_commit, tup_returned, tup_fetched, blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()');
      const numbers = Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]));
      return { backendCpuSeconds: [...cpuOf.values()].reduce((sum, s) => sum + s, 0), backends: backends.rows.length, ...numbers };
    },
    close: () => client.end(),
  };
}

function backendCpuSeconds(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return null; // gone, or another machine's server
  }
}
