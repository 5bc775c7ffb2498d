import { Logger, LoggerService } from '@nestjs/common';
import { CoreV1Api, KubeConfig, V1ConfigMap } from '@kubernetes/client-node';
import { compareCodePoints } from '../../config/ordering';
import {
  InvalidArgumentError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationFailedError,
} from '../../errors/catalog-errors';
import { assertExpectedRevision } from '../config-conflict.error';
import {
  ApplyResult,
  ConfigStore,
  LoadedConfig,
  RevisionAction,
  RevisionContent,
  RevisionInfo,
  SourceChange,
  StoreChangeEvent,
  StoreScope,
  StoredSource,
  WriteOptions,
} from '../config-store';
import { assertSafeName, cloneEntry, planSourceWrite } from '../source-change';
import {
  SourceRevisionEntry,
  SourceState,
  createRevisionEntry,
  externalRevisionEntry,
  findRevision,
  needsExternalSnapshot,
  revisionInfo,
  revisionsWithCurrent,
  sourceRevisionId,
  stateOfRevision,
} from '../source-revision';
import { BootstrapFiles, bootstrapConfigMapData } from './configmap-bootstrap';
import {
  CONFIG_KEY_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  MANAGED_SELECTOR,
  PLUGIN_LABEL,
  assertContentKey,
  configMapNameFor,
  configMapNameOfOrigin,
  configMapOrigin,
  contentKeyFor,
} from './configmap-layout';
import { reconcilePluginConfigMaps } from './configmap-reconciler';
import { ConfigMapRevisionAnnotations } from './configmap-revision-annotations';
import { ConfigMapEventType, ConfigMapWatcher } from './configmap-watcher';
import { kubeApiFailure } from './kube-api-errors';
import { PluginConfigMap, SourceWrite } from './plugin-configmap';

/** How writes that lose a race with another replica (409 Conflict) are retried. */
export interface WriteRetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_WRITE_RETRY: WriteRetryPolicy = {
  attempts: 8,
  baseDelayMs: 20,
  maxDelayMs: 1000,
};

export interface K8sConfigMapStoreOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** CATALOG_CONFIG_CONFIGMAP_PREFIX: ConfigMaps are named `<prefix>-<plugin>`. */
  configMapPrefix: string;
  /** Where a missing plugin ConfigMap is bootstrapped from (read only). */
  bootstrap: BootstrapFiles;
  retry?: Partial<WriteRetryPolicy>;
  /** Delay before re-opening a watch the API server closed. */
  watchRetryDelayMs?: number;
  logger?: Pick<LoggerService, 'warn' | 'debug'>;
  now?: () => Date;
}

/** What a mutation wants done to the source, decided from the freshly read ConfigMap. */
interface SourceMutation {
  action: RevisionAction;
  write: SourceWrite;
}

/**
 * The config store for clusters: one ConfigMap per plugin (`<prefix>-<plugin>`) holding that
 * plugin's `sources.yaml` section and one `<sourceId>.yaml` key per source's content, with the
 * revision history in gzip+base64 annotations. It talks only to the Kubernetes API (never the
 * filesystem, apart from reading the bootstrap files), writes with optimistic concurrency on the
 * resourceVersion it read, and watches its ConfigMaps for changes made by other replicas or
 * `kubectl`. See docs/architecture.md, "Kubernetes ConfigMap store".
 */
export class K8sConfigMapStore implements ConfigStore {
  readonly mode = 'k8s' as const;
  readonly writable = true;
  readonly namespace: string;
  private readonly api: CoreV1Api;
  private readonly retry: WriteRetryPolicy;
  private readonly logger: Pick<LoggerService, 'warn' | 'debug'>;
  private readonly now: () => Date;
  /** Last seen state of each plugin ConfigMap, by name (from load, own writes and the watch). */
  private readonly cache = new Map<string, PluginConfigMap>();
  private readonly scopes = new Map<string, StoreScope>();
  private readonly listeners = new Set<(event: StoreChangeEvent) => void>();
  /** resourceVersions this process wrote: their watch events are not news. */
  private readonly ownVersions = new Set<string>();
  /** Writes in progress per ConfigMap; watch events for it wait until they finish. */
  private readonly writesInFlight = new Map<string, number>();
  private readonly deferredEvents = new Map<string, Array<[ConfigMapEventType, V1ConfigMap]>>();
  private watcher?: ConfigMapWatcher;
  private lastListVersion?: string;
  private closed = false;

  constructor(private readonly options: K8sConfigMapStoreOptions) {
    this.namespace = options.namespace;
    this.api = options.kubeConfig.makeApiClient(CoreV1Api);
    this.retry = { ...DEFAULT_WRITE_RETRY, ...options.retry };
    this.logger = options.logger ?? new Logger(K8sConfigMapStore.name);
    this.now = options.now ?? (() => new Date());
  }

  configMapName(plugin: string): string {
    return configMapNameFor(this.options.configMapPrefix, plugin);
  }

  /**
   * Lists the plugin ConfigMaps, creates the missing ones of `scopes` from the bootstrap files,
   * and reconciles them all into one view.
   */
  async load(scopes: readonly StoreScope[] = []): Promise<LoadedConfig> {
    for (const scope of scopes) this.scopes.set(scope.plugin, scope);
    let found = await this.listConfigMaps();
    const known = [...this.scopes.values()].sort((a, b) => compareCodePoints(a.plugin, b.plugin));
    const missing = known.filter((scope) => !found.has(this.configMapName(scope.plugin)));
    if (missing.length > 0) {
      for (const scope of missing) await this.ensureConfigMap(scope);
      // List again: one consistent snapshot, and a resourceVersion after the creations to watch from.
      found = await this.listConfigMaps();
      for (const scope of missing) {
        const name = this.configMapName(scope.plugin);
        // A pre-existing ConfigMap without our labels is not listed: read it by name.
        if (!found.has(name)) {
          const cm = await this.readConfigMap(scope);
          if (cm) found.set(name, cm);
        }
      }
    }
    this.cache.clear();
    for (const cm of found.values()) this.cache.set(cm.name, cm);
    return reconcilePluginConfigMaps([...found.values()]);
  }

  async getSource(scope: StoreScope, sourceId: string): Promise<StoredSource> {
    assertSafeName(sourceId, 'sourceId');
    const cm = await this.readConfigMap(scope);
    const state = cm?.stateOf(sourceId);
    if (!cm || !state) throw notFound(scope, sourceId);
    return {
      source: state.source,
      rawYaml: state.rawYaml,
      origin: cm.origin,
      revision: sourceRevisionId(state),
    };
  }

  applySource(
    scope: StoreScope,
    sourceId: string,
    change: SourceChange,
    options: WriteOptions,
  ): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, (current) => {
      const plan = planSourceWrite(sourceId, current, change, contentKeyFor(sourceId));
      return {
        action: 'apply',
        write: {
          source: plan.source,
          rawYaml: plan.content.kind === 'path' ? plan.content.rawYaml : null,
        },
      };
    });
  }

  deleteSource(scope: StoreScope, sourceId: string, options: WriteOptions): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, (current) => {
      if (!current) throw notFound(scope, sourceId);
      return { action: 'delete', write: null };
    });
  }

  setEnabled(
    scope: StoreScope,
    sourceId: string,
    enabled: boolean,
    options: WriteOptions,
  ): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, (current) => {
      if (!current) throw notFound(scope, sourceId);
      return {
        action: enabled ? 'enable' : 'disable',
        write: { source: { ...cloneEntry(current.source), enabled }, rawYaml: null },
      };
    });
  }

  /** Restores the exact entry and content bytes of a revision, recorded as a new revision. */
  rollback(
    scope: StoreScope,
    sourceId: string,
    revisionId: string,
    options: WriteOptions,
  ): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, (current, cm) => {
      const history = revisionsWithCurrent(
        cm.revisions().history(sourceId).entries,
        current,
        this.now(),
      );
      const target = findRevision(history, revisionId);
      if (!target) throw revisionNotFound(scope, sourceId, revisionId);
      const state = stateOfRevision(target);
      return {
        action: 'rollback',
        write: state ? { source: cloneEntry(state.source), rawYaml: state.rawYaml } : null,
      };
    });
  }

  async listRevisions(scope: StoreScope, sourceId: string): Promise<RevisionInfo[]> {
    const { entries, evictedForSize } = await this.revisions(scope, sourceId);
    const infos = entries.map(revisionInfo);
    if (evictedForSize > 0) infos[infos.length - 1].olderRevisionsEvicted = evictedForSize;
    return infos;
  }

  async getRevision(
    scope: StoreScope,
    sourceId: string,
    revisionId: string,
  ): Promise<RevisionContent> {
    const found = findRevision((await this.revisions(scope, sourceId)).entries, revisionId);
    if (!found) throw revisionNotFound(scope, sourceId, revisionId);
    const { id, createdAt, author, action, size, contentHash, source, rawYaml } = found;
    return { id, createdAt, author, action, size, contentHash, source, rawYaml };
  }

  /** Content of a source: the ConfigMap key `path` of the ConfigMap its entry lives in (`origin`). */
  async readContent(path: string, origin: string): Promise<string> {
    const name = this.configMapOfOrigin(origin);
    assertContentKey(path);
    const cm = this.cache.get(name) ?? (await this.readConfigMapByName(name));
    const content = cm?.content(path);
    if (content === undefined) {
      throw new NotFoundError(
        `ConfigMap "${name}" in namespace "${this.namespace}" has no key "${path}"`,
      );
    }
    return content;
  }
  async readContentBytes(path: string, origin: string): Promise<Buffer> {
    return Buffer.from(await this.readContent(path, origin), 'utf8');
  }

  resolveContentPath(path: string, origin: string): string {
    const name = this.configMapOfOrigin(origin);
    assertContentKey(path);
    return `configmap/${this.namespace}/${name}/${path}`;
  }

  /** Events for changes made by other replicas or `kubectl` (own writes are filtered out). */
  watch(listener: (event: StoreChangeEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.watcher && !this.closed) this.startWatching();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopWatching();
    };
  }

  /** Readiness: the API answers and the ConfigMaps are readable with our RBAC. */
  async ping(): Promise<void> {
    const plugin = [...this.scopes.keys()].sort(compareCodePoints)[0];
    if (plugin === undefined) {
      await this.call('list', () =>
        this.api.listNamespacedConfigMap({
          namespace: this.namespace,
          labelSelector: MANAGED_SELECTOR,
          limit: 1,
        }),
      );
      return;
    }
    const name = this.configMapName(plugin);
    try {
      await this.call(
        'get',
        () => this.api.readNamespacedConfigMap({ name, namespace: this.namespace }),
        name,
      );
    } catch (err) {
      // Not ready, rather than "not found": the next reload recreates it from the bootstrap files.
      if (err instanceof NotFoundError) {
        throw new ServiceUnavailableError(
          `ConfigMap "${name}" is missing in namespace "${this.namespace}"`,
        );
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.stopWatching();
  }

  // --- writes ----------------------------------------------------------------------------------

  /**
   * The write path shared by every mutation: read the ConfigMap, check the caller's
   * expectedRevision against it, plan, and replace it conditionally on the resourceVersion read.
   * A 409 means another writer got in between: back off, re-read, re-check and re-apply. A stale
   * expectedRevision is never retried: it is the caller's conflict (ConfigConflictError).
   */
  private async mutate(
    scope: StoreScope,
    sourceId: string,
    options: WriteOptions,
    decide: (current: SourceState | null, cm: PluginConfigMap) => SourceMutation,
  ): Promise<ApplyResult> {
    assertSafeName(sourceId, 'sourceId');
    const name = this.configMapName(scope.plugin);
    this.scopes.set(scope.plugin, this.scopes.get(scope.plugin) ?? scope);
    this.beginWrite(name);
    try {
      for (let attempt = 1; ; attempt++) {
        const cm = (await this.readConfigMap(scope)) ?? (await this.ensureConfigMap(scope));
        const current = cm.stateOf(sourceId);
        assertExpectedRevision(options.expectedRevision, current);
        const { action, write } = decide(current, cm);

        const data = cm.withSource(sourceId, write);
        const previousRevision = sourceRevisionId(current);
        const next = PluginConfigMap.fromObject(
          { ...cm.object, data },
          this.namespace,
          scope.configKey,
        )!;
        const nextState = next.stateOf(sourceId);
        const appliedRevision = sourceRevisionId(nextState);
        if (appliedRevision === previousRevision) {
          // Same entry (defaults aside) and same bytes: nothing to write or record.
          return {
            appliedRevision,
            previousRevision: current ? previousRevision : null,
            created: false,
          };
        }

        const recorded: SourceRevisionEntry[] = [
          createRevisionEntry(nextState, { action, author: options.author, createdAt: this.now() }),
        ];
        const history = cm.revisions();
        if (current && needsExternalSnapshot(history.history(sourceId).entries, current)) {
          // Keep the state being replaced (bootstrap, a kubectl edit) reachable by rollback.
          recorded.push(externalRevisionEntry(current, this.now()));
        }
        const { annotations, evicted } = history
          .withRecorded(sourceId, recorded)
          .encode({ ...cm.annotations, [CONFIG_KEY_ANNOTATION]: cm.configKey });
        const body: V1ConfigMap = {
          ...cm.object,
          data,
          metadata: {
            ...cm.object.metadata,
            labels: this.labelsFor(scope.plugin, cm.object.metadata?.labels),
            annotations,
            resourceVersion: cm.resourceVersion,
          },
        };
        let written: V1ConfigMap;
        try {
          written = await this.call(
            'update',
            () => this.api.replaceNamespacedConfigMap({ name, namespace: this.namespace, body }),
            name,
          );
        } catch (err) {
          if (isResourceConflict(err) && attempt < this.retry.attempts) {
            this.logger.debug?.(
              `ConfigMap ${name} changed since it was read (attempt ${attempt}); retrying`,
            );
            await sleep(this.backoff(attempt));
            continue;
          }
          if (isResourceConflict(err)) {
            throw new ServiceUnavailableError(
              `ConfigMap "${name}" kept changing under ${this.retry.attempts} attempts to write it (other replicas are writing); try again`,
              [],
              {},
              { 'Retry-After': '1' },
            );
          }
          throw err;
        }
        this.remember(written);
        if (evicted > 0) {
          this.logger.warn(
            `ConfigMap ${name}: evicted ${evicted} oldest revision(s) to keep annotations under the Kubernetes limit of 256 KiB`,
          );
        }
        return {
          appliedRevision,
          previousRevision: current ? previousRevision : null,
          created: current === null,
        };
      }
    } finally {
      this.endWrite(name);
    }
  }

  /** Exponential backoff with full jitter, so replicas that collided do not collide again. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  // --- reads -----------------------------------------------------------------------------------

  private async revisions(
    scope: StoreScope,
    sourceId: string,
  ): Promise<{ entries: SourceRevisionEntry[]; evictedForSize: number }> {
    assertSafeName(sourceId, 'sourceId');
    const cm = await this.readConfigMap(scope);
    const current = cm?.stateOf(sourceId) ?? null;
    const history = cm?.revisions().history(sourceId) ?? { entries: [], evictedForSize: 0 };
    const entries = revisionsWithCurrent(history.entries, current, this.now());
    if (entries.length === 0) throw notFound(scope, sourceId);
    return { entries, evictedForSize: history.evictedForSize };
  }

  /** The plugin ConfigMaps of this store, by name; remembers the list's resourceVersion for the watch. */
  private async listConfigMaps(): Promise<Map<string, PluginConfigMap>> {
    const list = await this.call('list', () =>
      this.api.listNamespacedConfigMap({
        namespace: this.namespace,
        labelSelector: MANAGED_SELECTOR,
      }),
    );
    this.lastListVersion = list.metadata?.resourceVersion;
    const found = new Map<string, PluginConfigMap>();
    for (const object of list.items) {
      const cm = this.ownConfigMap(object);
      if (cm) found.set(cm.name, cm);
    }
    return found;
  }

  /** A fresh read of the plugin's ConfigMap (undefined when it does not exist). */
  private readConfigMap(scope: StoreScope): Promise<PluginConfigMap | undefined> {
    return this.readConfigMapByName(this.configMapName(scope.plugin), scope.configKey);
  }

  private async readConfigMapByName(
    name: string,
    configKey?: string,
  ): Promise<PluginConfigMap | undefined> {
    try {
      const object = await this.call(
        'get',
        () => this.api.readNamespacedConfigMap({ name, namespace: this.namespace }),
        name,
      );
      const cm = PluginConfigMap.fromObject(object, this.namespace, configKey);
      if (cm) this.cache.set(name, cm);
      return cm;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * Creates the plugin's ConfigMap from the bootstrap files. Another replica may create it
   * first (409 AlreadyExists): then theirs is read and used, so every replica starts from the
   * same bytes.
   */
  private async ensureConfigMap(scope: StoreScope): Promise<PluginConfigMap> {
    const name = this.configMapName(scope.plugin);
    const now = this.now();
    const boot = await bootstrapConfigMapData(scope, this.options.bootstrap, name, now);
    let history = ConfigMapRevisionAnnotations.read({});
    for (const { sourceId, entry } of boot.revisions)
      history = history.withRecorded(sourceId, [entry]);
    const body: V1ConfigMap = {
      metadata: {
        name,
        namespace: this.namespace,
        labels: this.labelsFor(scope.plugin),
        annotations: history.encode({ [CONFIG_KEY_ANNOTATION]: scope.configKey }).annotations,
      },
      data: boot.data,
    };
    try {
      const created = await this.call(
        'create',
        () => this.api.createNamespacedConfigMap({ namespace: this.namespace, body }),
        name,
      );
      this.remember(created);
      return PluginConfigMap.fromObject(created, this.namespace, scope.configKey)!;
    } catch (err) {
      if (!(err instanceof ConfigMapExistsError)) throw err;
      const existing = await this.readConfigMap(scope);
      if (!existing)
        throw new ServiceUnavailableError(
          `ConfigMap "${name}" was created and deleted concurrently; try again`,
        );
      return existing;
    }
  }

  private labelsFor(plugin: string, existing: Record<string, string> = {}): Record<string, string> {
    return { ...existing, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [PLUGIN_LABEL]: plugin };
  }

  /** A listed/watched object as a plugin ConfigMap of this store (by name prefix), else undefined. */
  private ownConfigMap(object: V1ConfigMap): PluginConfigMap | undefined {
    const name = object.metadata?.name ?? '';
    if (!name.startsWith(`${this.options.configMapPrefix}-`)) return undefined;
    const plugin = name.slice(this.options.configMapPrefix.length + 1);
    return PluginConfigMap.fromObject(object, this.namespace, this.scopes.get(plugin)?.configKey);
  }

  private configMapOfOrigin(origin: string): string {
    const name = configMapNameOfOrigin(origin, this.namespace);
    if (!name || !name.startsWith(`${this.options.configMapPrefix}-`)) {
      throw new InvalidArgumentError(
        `origin ${JSON.stringify(origin)} is not a ConfigMap of this store (expected ${configMapOrigin(this.namespace, `${this.options.configMapPrefix}-<plugin>`)})`,
      );
    }
    return name;
  }

  /** Records a write's result: cache it, and remember its version so its watch event is skipped. */
  private remember(object: V1ConfigMap): void {
    const cm = this.ownConfigMap(object);
    if (cm) this.cache.set(cm.name, cm);
    const version = object.metadata?.resourceVersion;
    if (version) {
      // Remembered even while nobody watches: a watch started later from an older list version
      // replays these events. Bounded, as events that never come must not pile up.
      this.ownVersions.add(version);
      if (this.ownVersions.size > 256) {
        this.ownVersions.delete(this.ownVersions.values().next().value!);
      }
    }
  }

  /**
   * Calls the API, turning failures into domain errors: 404 → NotFoundError, 409 AlreadyExists →
   * ConfigMapExistsError, 409 Conflict passes through for the retry loop, 403 → an error naming the
   * RBAC rule to add, anything else → ServiceUnavailableError.
   */
  private async call<T>(verb: string, run: () => Promise<T>, name?: string): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const failure = kubeApiFailure(err);
      const target = name ? `ConfigMap "${name}"` : 'ConfigMaps';
      if (!failure) {
        throw new ServiceUnavailableError(
          `the Kubernetes API is unreachable (${verb} ${target} in namespace "${this.namespace}"): ${(err as Error).message}`,
        );
      }
      if (failure.code === 404)
        throw new NotFoundError(`${target} not found in namespace "${this.namespace}"`);
      if (failure.code === 409 && failure.reason === 'AlreadyExists')
        throw new ConfigMapExistsError(name ?? '');
      if (failure.code === 409) throw err;
      if (failure.code === 403) {
        throw new ServiceUnavailableError(
          `the service account may not ${verb} configmaps in namespace "${this.namespace}": grant it in the Role (k8s/rbac.yaml)`,
        );
      }
      if (failure.code === 422) {
        throw new ValidationFailedError(
          `the Kubernetes API rejected ${target}: ${failure.message ?? failure.reason ?? ''}`,
        );
      }
      throw new ServiceUnavailableError(
        `the Kubernetes API answered HTTP ${failure.code} to ${verb} ${target}: ${failure.message ?? failure.reason ?? ''}`,
      );
    }
  }

  // --- watch -----------------------------------------------------------------------------------

  private startWatching(): void {
    const watcher = new ConfigMapWatcher({
      kubeConfig: this.options.kubeConfig,
      namespace: this.namespace,
      labelSelector: MANAGED_SELECTOR,
      retryDelayMs: this.options.watchRetryDelayMs,
      onEvent: (type, object) => this.onWatchEvent(type, object),
      resync: () => this.resync(),
      onError: (err) =>
        this.logger.warn(
          `watch on ConfigMaps in namespace ${this.namespace} failed: ${String(err)}`,
        ),
    });
    this.watcher = watcher;
    if (this.lastListVersion) {
      watcher.start(this.lastListVersion);
      return;
    }
    // Never loaded: start from "now", so only later changes are reported.
    void this.listVersion().then(
      (version) => {
        if (this.watcher === watcher) watcher.start(version);
      },
      (err: unknown) => {
        this.logger.warn(`cannot start watching ConfigMaps: ${String(err)}`);
        if (this.watcher === watcher) watcher.start('');
      },
    );
  }

  private stopWatching(): void {
    this.watcher?.stop();
    this.watcher = undefined;
  }

  private async listVersion(): Promise<string> {
    const list = await this.call('list', () =>
      this.api.listNamespacedConfigMap({
        namespace: this.namespace,
        labelSelector: MANAGED_SELECTOR,
      }),
    );
    return list.metadata?.resourceVersion ?? '';
  }

  /** After a 410 Gone events were missed: re-read everything and tell listeners to reload it all. */
  private async resync(): Promise<string> {
    const list = await this.call('list', () =>
      this.api.listNamespacedConfigMap({
        namespace: this.namespace,
        labelSelector: MANAGED_SELECTOR,
      }),
    );
    for (const object of list.items) {
      const cm = this.ownConfigMap(object);
      if (cm) this.cache.set(cm.name, cm);
    }
    this.emit({ configKeys: [], reason: 'the ConfigMap watch expired; reloading everything' });
    return list.metadata?.resourceVersion ?? '';
  }

  private onWatchEvent(type: ConfigMapEventType, object: V1ConfigMap): void {
    const name = object.metadata?.name ?? '';
    if (!name.startsWith(`${this.options.configMapPrefix}-`)) return;
    if ((this.writesInFlight.get(name) ?? 0) > 0) {
      // Our write's response may not have arrived yet: decide "own or not" once it has.
      const queue = this.deferredEvents.get(name) ?? [];
      queue.push([type, object]);
      this.deferredEvents.set(name, queue);
      return;
    }
    this.applyWatchEvent(type, object);
  }

  private applyWatchEvent(type: ConfigMapEventType, object: V1ConfigMap): void {
    const name = object.metadata?.name ?? '';
    const previous = this.cache.get(name);
    const cm = type === 'DELETED' ? undefined : this.ownConfigMap(object);
    if (cm) this.cache.set(name, cm);
    else this.cache.delete(name);
    const version = object.metadata?.resourceVersion ?? '';
    if (this.ownVersions.delete(version)) return;
    const configKey = cm?.configKey ?? previous?.configKey;
    this.emit({
      configKeys: configKey ? [configKey] : [],
      reason: `ConfigMap ${name} ${type.toLowerCase()} outside this server (resourceVersion ${version})`,
    });
  }

  private beginWrite(name: string): void {
    this.writesInFlight.set(name, (this.writesInFlight.get(name) ?? 0) + 1);
  }

  private endWrite(name: string): void {
    const left = (this.writesInFlight.get(name) ?? 1) - 1;
    if (left > 0) {
      this.writesInFlight.set(name, left);
      return;
    }
    this.writesInFlight.delete(name);
    const queued = this.deferredEvents.get(name) ?? [];
    this.deferredEvents.delete(name);
    for (const [type, object] of queued) this.applyWatchEvent(type, object);
  }

  private emit(event: StoreChangeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.logger.warn(`config store listener failed: ${String(err)}`);
      }
    }
  }
}

/** 409 AlreadyExists on create: another replica bootstrapped the ConfigMap first. */
class ConfigMapExistsError extends Error {
  constructor(readonly configMap: string) {
    super(`ConfigMap "${configMap}" already exists`);
  }
}

function isResourceConflict(err: unknown): boolean {
  const failure = kubeApiFailure(err);
  return failure?.code === 409 && failure.reason !== 'AlreadyExists';
}

function notFound(scope: StoreScope, sourceId: string): NotFoundError {
  return new NotFoundError(`source "${sourceId}" not found in plugin "${scope.plugin}"`);
}

function revisionNotFound(scope: StoreScope, sourceId: string, revisionId: string): NotFoundError {
  return new NotFoundError(
    `revision "${revisionId}" not found for source "${sourceId}" in plugin "${scope.plugin}"`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
