/** The samples of GET /metrics by series: "name" for an unlabelled one, "name{labels}" otherwise. */
export async function readMetrics(baseUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** One unlabelled series of GET /metrics; fails when the service does not expose it. */
export async function readMetric(baseUrl: string, name: string): Promise<number> {
  const value = (await readMetrics(baseUrl)).get(name);
  if (value === undefined) throw new Error(`GET /metrics has no ${name}`);
  return value;
}
