/**
 * Shapes of the management API responses the CLI reads. They mirror the server's DTOs
 * (libs/catalog-plugin/src/management/dto) without importing them: the CLI talks to the server
 * only over HTTP and must not pull Nest or the server libraries into its process.
 */

export type Role = 'viewer' | 'operator';

export interface ErrorDetail {
  field?: string;
  message: string;
  line?: number;
  column?: number;
}

/** The one error shape of every 4xx/5xx, plus the extras some statuses add. */
export interface ErrorBody {
  code: string;
  message: string;
  details: ErrorDetail[];
  requestId: string;
  currentRevision?: string | null;
  diffSummary?: DiffSummary;
  report?: ValidationReport;
  retryAfterSeconds?: number;
}

export interface ManagementCapabilities {
  sources: boolean;
  validate: boolean;
  apply: boolean;
  refresh: boolean;
  diagnostics: boolean;
  providerTypes: string[];
}

export interface ManagementPlugin {
  name: string;
  version: string;
  description: string;
  configKey: string;
  serving: boolean;
  management: ManagementCapabilities;
  sourceCount: number;
  enabledSourceCount: number;
}

export interface ListOf<T> {
  items: T[];
  size: number;
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

export interface SourceStatus {
  state: 'available' | 'error' | 'disabled' | 'loading';
  entityCount: number;
  lastRefreshTime: string | null;
  lastRefreshStatus: 'success' | 'error' | null;
  lastRefreshSummary: string | null;
  lastError: string | null;
  lastSuccessTime: string | null;
  durationMs: number | null;
}

export interface ManagedSource extends SourceConfig {
  origin: string;
  revision: string;
  status: SourceStatus;
}

export interface SourceDetail {
  source: SourceConfig;
  rawYaml: string | null;
  origin: string;
  revision: string;
}

export type ValidationLayer =
  'yaml_parse' | 'strict_fields' | 'semantic' | 'security_warnings' | 'provider';

export interface ValidationLayerResult {
  layer: ValidationLayer | string;
  status: 'passed' | 'failed' | 'skipped';
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  reason?: string;
}

export interface ValidationReport {
  valid: boolean;
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  layerResults: ValidationLayerResult[];
  normalizedYaml?: string;
}

export interface DiffSummary {
  linesAdded: number;
  linesRemoved: number;
  configKeys: { added: string[]; removed: string[]; changed: string[] };
  entities?: {
    added: number;
    removed: number;
    changed: number;
    unchanged: number;
    names: { added: string[]; removed: string[]; changed: string[]; unchanged: string[] };
  };
  critical: boolean;
  criticalReasons: string[];
}

export interface RefreshResult {
  sourceId: string;
  status: 'success' | 'error';
  entitiesLoaded: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: string;
  errors: ErrorDetail[];
}

/**
 * A rollback to a revision that deleted the source answers with a reduced refresh result
 * (`sourceId`, `status`, `removed` only), so every count is optional here.
 */
export type PartialRefreshResult = Pick<RefreshResult, 'sourceId' | 'status'> &
  Partial<Omit<RefreshResult, 'sourceId' | 'status'>>;

export interface PluginRefreshResult {
  plugin: string;
  results: RefreshResult[];
  totals: {
    sources: number;
    succeeded: number;
    failed: number;
    entitiesLoaded: number;
    added: number;
    updated: number;
    removed: number;
    unchanged: number;
  };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

export interface ApplyResponse {
  appliedRevision: string | null;
  previousRevision: string | null;
  created: boolean;
  dryRun: boolean;
  diffSummary: DiffSummary;
  warnings: ErrorDetail[];
  refreshResult?: RefreshResult;
}

export interface StateChangeResponse {
  appliedRevision: string;
  previousRevision: string | null;
  refreshResult?: PartialRefreshResult;
}

export interface DeleteResponse {
  deleted: boolean;
  entitiesRemoved: number;
  previousRevision: string | null;
  appliedRevision: string;
}

export interface RevisionInfo {
  id: string;
  createdAt: string;
  author: string;
  action: 'apply' | 'enable' | 'disable' | 'delete' | 'rollback';
  size: number;
  contentHash: string;
  olderRevisionsEvicted?: number;
}

export interface SourceDiagnostics {
  sourceId: string;
  enabled: boolean;
  status: SourceStatus;
  contentError: string | null;
  refreshing: boolean;
}

export interface PluginDiagnostics {
  plugin: string;
  serving: boolean;
  pluginError: string | null;
  initialLoad: 'pending' | 'running' | 'done';
  configError: string | null;
  sources: SourceDiagnostics[];
  totalEntities: number;
}

/** Body of :validate and :apply. */
export interface SourceEdit {
  source?: Record<string, unknown>;
  rawYaml?: string;
  options?: {
    refreshAfterApply?: boolean;
    expectedRevision?: string;
    dryRun?: boolean;
    confirmCriticalChanges?: boolean;
  };
}
