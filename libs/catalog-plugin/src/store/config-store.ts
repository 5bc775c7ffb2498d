import type { CatalogSourcesConfig, SourceConfig } from '../config/sources-config';

/** DI token of the ConfigStore chosen at boot (file, k8s or none). */
export const CONFIG_STORE = Symbol('CONFIG_STORE');

/** Which plugin section an operation is about: ConfigMaps are named by plugin, sources.yaml sections by config key. */
export interface StoreScope {
  plugin: string;
  configKey: string;
}

export interface LoadedConfig {
  config: CatalogSourcesConfig;
  /** SHA-256 of the stored bytes the view was built from. */
  version: string;
}

export interface StoredSource {
  source: SourceConfig;
  /** The catalog content exactly as last written (comments and whitespace preserved). */
  rawYaml: string | null;
  /** File path or ConfigMap key the source entry lives in. */
  origin: string;
  /** Opaque revision of the entry + content; changes on every write. */
  revision: string;
}

export interface SourceChange {
  /** The new source entry; omitted to keep the current one (content-only edit). */
  source?: SourceConfig;
  /** The new catalog content; omitted to keep the current content. */
  rawYaml?: string;
}

export interface WriteOptions {
  /** Fails with ConfigConflictError when the current revision differs. */
  expectedRevision?: string;
  author: string;
}

export interface ApplyResult {
  appliedRevision: string;
  previousRevision: string | null;
  created: boolean;
}

export type RevisionAction = 'apply' | 'enable' | 'disable' | 'delete' | 'rollback';

export interface RevisionInfo {
  id: string;
  createdAt: string;
  author: string;
  action: RevisionAction;
  size: number;
  contentHash: string;
  /**
   * Set on the oldest listed revision when older ones were evicted to respect a storage limit
   * (the Kubernetes store's 256 KiB of annotations): how many are gone.
   */
  olderRevisionsEvicted?: number;
}

export interface RevisionContent extends RevisionInfo {
  /** The source entry as stored in this revision (null for a delete marker). */
  source: SourceConfig | null;
  /** The exact stored content bytes of this revision. */
  rawYaml: string | null;
}

export interface StoreChangeEvent {
  /** Config keys whose entries or content changed; empty means "reload everything". */
  configKeys: string[];
  reason: string;
}

/**
 * Everything an operator can edit: the sources.yaml entries and each source's catalog content.
 * Implementations: FileConfigStore (dev, bare metal), K8sConfigMapStore (cluster), read-only.
 */
export interface ConfigStore {
  readonly mode: 'file' | 'k8s' | 'none';
  readonly writable: boolean;
  /** Loads and reconciles every section; `scopes` lists the plugins known at boot. */
  load(scopes: readonly StoreScope[]): Promise<LoadedConfig>;
  getSource(scope: StoreScope, sourceId: string): Promise<StoredSource>;
  applySource(
    scope: StoreScope,
    sourceId: string,
    change: SourceChange,
    options: WriteOptions,
  ): Promise<ApplyResult>;
  deleteSource(scope: StoreScope, sourceId: string, options: WriteOptions): Promise<ApplyResult>;
  setEnabled(
    scope: StoreScope,
    sourceId: string,
    enabled: boolean,
    options: WriteOptions,
  ): Promise<ApplyResult>;
  listRevisions(scope: StoreScope, sourceId: string): Promise<RevisionInfo[]>;
  getRevision(scope: StoreScope, sourceId: string, revisionId: string): Promise<RevisionContent>;
  rollback(
    scope: StoreScope,
    sourceId: string,
    revisionId: string,
    options: WriteOptions,
  ): Promise<ApplyResult>;
  /** Reads content a source points at (the CatalogContentReader for yaml providers). */
  readContent(path: string, origin: string): Promise<string>;
  /** The same content as bytes: large catalogs are ingested without a UTF-16 copy in the heap. */
  readContentBytes(path: string, origin: string): Promise<Buffer>;
  /** Resolves a content path against an origin to the store's canonical location; throws on escape. */
  resolveContentPath(path: string, origin: string): string;
  /** Subscribes to changes made outside this process. Returns an unsubscribe function. */
  watch(listener: (event: StoreChangeEvent) => void): () => void;
  /** Liveness of the backing storage (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
