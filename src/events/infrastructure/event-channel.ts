/**
 * The Redis channel of one event log, named after the identity its database holds (readDeploymentId):
 * instances share it exactly when they share the log, however each reaches the database.
 */
export const eventChannel = (deploymentId: string): string => `herald:events:${deploymentId}`;
