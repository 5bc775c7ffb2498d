/** Liveness: the process and its event loop answer. Never touches the database. */
export const LIVENESS_PATH = '/livez';
/** Alias of /livez for tools that expect the older name. */
export const LIVENESS_ALIAS_PATH = '/healthz';
/** Readiness: 200 only when the server can really serve (see ReadinessService). */
export const READINESS_PATH = '/readyz';

/** Paths probes poll every few seconds; request logging keeps them at debug level. */
export const PROBE_PATHS: readonly string[] = [LIVENESS_PATH, LIVENESS_ALIAS_PATH, READINESS_PATH];
