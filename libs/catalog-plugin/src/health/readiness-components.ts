/** The components /readyz reports, in the order they are listed. */
export const READINESS_COMPONENTS = [
  'database',
  'migrations',
  'configStore',
  'plugins',
  'initialLoad',
] as const;

export type ReadinessComponent = (typeof READINESS_COMPONENTS)[number];

/** How long each check may take; the probes' timeouts in k8s/ and docker/ leave room for them. */
export const READINESS_TIMEOUTS_MS = {
  database: 1000,
  migrations: 1000,
  configStore: 2000,
  pluginHealth: 1000,
} as const;
