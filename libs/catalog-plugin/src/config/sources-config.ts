/** The in-memory shape of `sources.yaml` (apiVersion catalog/v1alpha1, kind CatalogSources). */

export const SOURCES_API_VERSION = 'catalog/v1alpha1';
export const SOURCES_KIND = 'CatalogSources';

/** A reference to a Kubernetes Secret key (or, in dev mode, a file under the secrets dir). */
export interface SecretRef {
  name: string;
  namespace?: string;
  key: string;
}

export interface SourceConfig {
  id: string;
  name: string;
  type: string;
  enabled?: boolean;
  labels?: string[];
  properties?: Record<string, unknown>;
  includedItems?: string[];
  excludedItems?: string[];
}

export interface CatalogLabelConfig {
  name: string;
  displayName?: string;
  [key: string]: string | undefined;
}

export interface FieldFilterConfig {
  operator: string;
  value: unknown;
}

export type NamedQueriesConfig = Record<string, Record<string, FieldFilterConfig>>;

export interface CatalogSectionConfig {
  sources?: SourceConfig[];
  labels?: CatalogLabelConfig[];
  namedQueries?: NamedQueriesConfig;
}

/** One parsed `sources.yaml` document, as written (before merging). */
export interface SourcesDocument {
  apiVersion: string;
  kind: string;
  catalogs?: Record<string, CatalogSectionConfig>;
}

/** A source after merging, with the file its relative paths resolve against. */
export interface LoadedSource extends SourceConfig {
  enabled: boolean;
  labels: string[];
  properties: Record<string, unknown>;
  /** The `sources.yaml` file (or ConfigMap key) this source's properties came from. */
  origin: string;
}

export interface CatalogSection {
  configKey: string;
  /** Sorted by id. */
  sources: LoadedSource[];
  labels: CatalogLabelConfig[];
  namedQueries: NamedQueriesConfig;
}

/** The merged, deterministic view every plugin reads from. */
export interface CatalogSourcesConfig {
  /** Sorted by config key. */
  catalogs: Record<string, CatalogSection>;
}

export function isSecretRef(value: unknown): value is SecretRef {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    typeof v.key === 'string' &&
    (v.namespace === undefined || typeof v.namespace === 'string') &&
    keys.every((k) => k === 'name' || k === 'key' || k === 'namespace')
  );
}
