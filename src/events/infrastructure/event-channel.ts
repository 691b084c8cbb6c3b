/**
 * The Redis channel of one event log, named after the identity its database holds (readDeploymentId):
 * instances share it exactly when they share the log, however each reaches the database.
 */
export const eventChannel = (deploymentId: string): string => `herald:events:${deploymentId}`;

/**
 * The PostgreSQL NOTIFY channel of one event log, after the same identity: lower-case letters, digits and
 * underscores, 46 bytes (a channel is an identifier, at most 63), so LISTEN takes it quoted or not.
 */
export const notifyChannel = (deploymentId: string): string => `herald_events_${deploymentId.replaceAll('-', '').toLowerCase()}`;
