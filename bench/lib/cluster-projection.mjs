// What 100,000 and 1,000,000 dashboards would need, projected from the cluster's measured figures. Every
// assumption is a named input here and is printed with the projection; nothing else goes into it.
export const ASSUMPTIONS = {
  dashboards: [100_000, 1_000_000],
  eventsPerSecond: [1, 10], // written per deployment; every dashboard receives every event (as measured)
  cpuBudgetPerInstance: 0.5, // of one core: an instance's JavaScript runs on one thread; half left for bursts, GC, reconnect waves
  streamsPerInstance: 10_000, // SSE_MAX_CONNECTIONS' default (19,000 held without error in the held scenario)
  poolConnectionsPerInstance: 10, // the pg pool's max (postgres-database.ts); NOTIFY adds one listener each
};

/** Instances, memory and broker load for each size and rate, from one measured cluster configuration. */
export function project(cluster, broker, assumptions = ASSUMPTIONS) {
  const measured = cluster.configurations[broker];
  if (!measured) return null;
  const instancesMeasured = measured.instances;
  const perInstance = measured.perInstance;
  const mean = (pick) => perInstance.reduce((sum, i) => sum + pick(i), 0) / perInstance.length;
  const inputs = {
    instances: instancesMeasured,
    cpuMicrosPerDelivery: measured.cpuMicrosPerDelivery,
    baseRssBytes: mean((i) => i.rssBeforeBytes),
    rssPerStreamBytes: Math.max(0, mean((i) => i.rssPerStreamBytes ?? 0)),
    rowsReadPerEvent: measured.broker.database.rowsReadPerEvent,
    // Redis fans a PUBLISH out to one subscriber per instance; what it spent above idle, per message sent.
    redisCpuMicrosPerMessage: measured.broker.redis ? measured.broker.redis.cpuMicrosPerEventAboveIdle / instancesMeasured : null,
    backendCpuMicrosPerEvent: measured.broker.database.backendCpuMicrosPerEventAboveIdle,
  };
  const rows = [];
  for (const dashboards of assumptions.dashboards) {
    for (const rate of assumptions.eventsPerSecond) {
      const deliveries = dashboards * rate;
      const byCpu = Math.ceil((deliveries * inputs.cpuMicrosPerDelivery) / 1e6 / assumptions.cpuBudgetPerInstance);
      const byStreams = Math.ceil(dashboards / assumptions.streamsPerInstance);
      const instances = Math.max(byCpu, byStreams);
      const streams = dashboards / instances;
      rows.push({
        dashboards,
        rate,
        deliveries,
        byCpu,
        byStreams,
        instances,
        streamsPerInstance: streams,
        rssPerInstanceBytes: inputs.baseRssBytes + streams * inputs.rssPerStreamBytes,
        memoryBytes: instances * (inputs.baseRssBytes + streams * inputs.rssPerStreamBytes),
        brokerMessagesPerSecond: rate * instances, // one PUBLISH (or NOTIFY) per event, heard by every instance
        redisCpuShare: inputs.redisCpuMicrosPerMessage === null ? null : (rate * instances * inputs.redisCpuMicrosPerMessage) / 1e6,
        databaseConnections: instances * (assumptions.poolConnectionsPerInstance + (broker === 'postgres' ? 1 : 0)),
        logRowsReadPerSecond: rate * inputs.rowsReadPerEvent * (instances / instancesMeasured),
        logPollsPerSecond: instances, // each instance's feed reads the log head once a second
        backendCpuShare: (rate * inputs.backendCpuMicrosPerEvent) / 1e6,
      });
    }
  }
  return { broker, inputs, assumptions, rows };
}
