import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export const CATALOG_ENV = Symbol('CATALOG_ENV');

const trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));

/**
 * Every environment variable the server reads, with its default. Validated once at boot;
 * the README's configuration table mirrors this class.
 */
export class CatalogEnv {
  /** HTTP port. */
  @trimmed() @Type(() => Number) @IsInt() @Min(1) @Max(65535)
  PORT = 8080;

  /** Listen address. Containers set 0.0.0.0. */
  @trimmed() @IsString() @MinLength(1)
  HOST = '127.0.0.1';

  @trimmed() @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  @trimmed() @IsIn(['error', 'warn', 'info', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'info' | 'debug' = 'info';

  /** PostgreSQL URL. When unset, an embedded PostgreSQL (PGlite) under CATALOG_DATA_DIR is used. */
  @trimmed() @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @trimmed() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Client-side limit for one database statement: a request never hangs on a database that
   * stopped answering (a network partition), it fails and the client gets a 503.
   */
  @trimmed() @Type(() => Number) @IsInt() @Min(1000) @Max(3600000)
  DATABASE_QUERY_TIMEOUT_MS = 30000;

  /** Where the embedded database keeps its files. */
  @trimmed() @IsString() @MinLength(1)
  CATALOG_DATA_DIR = './.data';

  /** Comma-separated sources.yaml files, merged in order (later overrides earlier per source id). */
  @trimmed() @IsString() @MinLength(1)
  CATALOG_CONFIG_PATHS = './config/sources.yaml';

  /** Root of the file config store: every file it reads or writes stays inside it. */
  @trimmed() @IsString() @MinLength(1)
  CATALOG_CONFIG_DIR = './config';

  @trimmed() @IsIn(['file', 'k8s', 'none'])
  CATALOG_CONFIG_STORE_MODE: 'file' | 'k8s' | 'none' = 'file';

  /** Namespace of the plugin ConfigMaps (k8s mode); defaults to the pod's namespace. */
  @trimmed() @IsOptional() @IsString()
  CATALOG_CONFIG_NAMESPACE?: string;

  @trimmed() @IsString() @Matches(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'must be a DNS-1123 label' })
  CATALOG_CONFIG_CONFIGMAP_PREFIX = 'catalog-sources';

  /** Dev-mode SecretRef resolution: <dir>/<name>/<key>. */
  @trimmed() @IsOptional() @IsString()
  CATALOG_SECRETS_DIR?: string;

  @trimmed() @IsIn(['header', 'token'])
  CATALOG_AUTH_MODE: 'header' | 'token' = 'header';

  /** YAML list of { name, role, sha256 } used in token mode. */
  @trimmed() @IsOptional() @IsString()
  CATALOG_AUTH_TOKENS_FILE?: string;

  @trimmed() @Type(() => Number) @IsInt() @Min(0) @Max(86400)
  CATALOG_REFRESH_MIN_INTERVAL_S = 30;

  /**
   * Everything after SIGTERM/SIGINT must finish within this many ms (drain, in-flight requests,
   * closing plugins, store and database); past it the process exits 1.
   */
  @trimmed() @Type(() => Number) @IsInt() @Min(0) @Max(600000)
  SHUTDOWN_GRACE_MS = 10000;

  /**
   * After SIGTERM, /readyz answers 503 and the server keeps accepting requests this many ms before
   * it stops listening, so load balancers (Kubernetes endpoints) stop routing to it first. Part of
   * SHUTDOWN_GRACE_MS, so it must be smaller.
   */
  @trimmed() @Type(() => Number) @IsInt() @Min(0) @Max(600000)
  SHUTDOWN_DRAIN_MS = 0;

  /**
   * File store only: a directory (e.g. the shipped config, mounted read-only) copied into
   * CATALOG_CONFIG_DIR at boot when none of the CATALOG_CONFIG_PATHS files exist there yet.
   */
  @trimmed() @IsOptional() @IsString() @MinLength(1)
  CATALOG_CONFIG_SEED_DIR?: string;
}

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Optional variables have no default, so a fresh CatalogEnv has no own key for them. */
const OPTIONAL_ENV_NAMES = [
  'DATABASE_URL',
  'CATALOG_CONFIG_NAMESPACE',
  'CATALOG_SECRETS_DIR',
  'CATALOG_AUTH_TOKENS_FILE',
  'CATALOG_CONFIG_SEED_DIR',
] as const satisfies ReadonlyArray<keyof CatalogEnv>;

/** Every environment variable the server reads (deployment manifests are checked against it). */
export function catalogEnvNames(): string[] {
  return [...Object.keys(new CatalogEnv()), ...OPTIONAL_ENV_NAMES];
}

/** Reads and validates the environment; throws EnvValidationError listing every bad variable. */
export function loadCatalogEnv(source: NodeJS.ProcessEnv | Record<string, string | undefined>): CatalogEnv {
  const picked: Record<string, string> = {};
  for (const key of catalogEnvNames()) {
    const value = source[key];
    if (value !== undefined) picked[key] = value;
  }
  const env = plainToInstance(CatalogEnv, picked, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length > 0) {
    throw new EnvValidationError(
      errors.map((e) => {
        const raw = picked[e.property];
        return `${e.property}=${JSON.stringify(raw)}: ${Object.values(e.constraints ?? {}).join('; ')}`;
      }),
    );
  }
  if (env.CATALOG_AUTH_MODE === 'token' && !env.CATALOG_AUTH_TOKENS_FILE) {
    throw new EnvValidationError(['CATALOG_AUTH_TOKENS_FILE: required when CATALOG_AUTH_MODE=token']);
  }
  if (env.SHUTDOWN_DRAIN_MS > 0 && env.SHUTDOWN_DRAIN_MS >= env.SHUTDOWN_GRACE_MS) {
    throw new EnvValidationError([
      `SHUTDOWN_DRAIN_MS=${env.SHUTDOWN_DRAIN_MS}: must be less than SHUTDOWN_GRACE_MS (${env.SHUTDOWN_GRACE_MS}); the drain is part of the grace period`,
    ]);
  }
  return env;
}

export function configPaths(env: CatalogEnv): string[] {
  return env.CATALOG_CONFIG_PATHS.split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
