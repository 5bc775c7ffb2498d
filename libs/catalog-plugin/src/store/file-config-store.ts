import { constants as fsConstants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LoadedSource, SourceConfig, SourcesDocument } from '../config/sources-config';
import { mergeSourcesLayers } from '../config/sources-merge';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../errors/catalog-errors';
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
} from './config-store';
import { assertExpectedRevision } from './config-conflict.error';
import { FileRevisionHistory, StoredRevisionRecord } from './file-revision-history';
import { FileStoreWatcher, MISSING_FILE } from './file-store-watcher';
import { assertSafeName, cloneEntry, planSourceWrite } from './source-change';
import {
  SourceState,
  canonicalSourceEntry,
  createRevisionEntry,
  externalRevisionEntry,
  findRevision,
  needsExternalSnapshot,
  revisionInfo,
  revisionsWithCurrent,
  sha256Hex,
  sourceRevisionId,
  stateOfRevision,
} from './source-revision';
import { SourceEntryEdit, editSourcesDocument, findSourceEntry } from './sources-document-editor';
import { readSourcesFiles } from './sources-files';
import { JournalFileWrite, StoreJournal } from './store-journal';
import { MAX_FILE_REVISIONS_PER_SOURCE, assertDocumentSize } from './store-limits';
import { resolveInsideRoot } from './store-paths';
import { StoreWriteLock, StoreWriteLockOptions } from './store-write-lock';

export const LOCK_FILE = '.catalog-store.lock';

export interface FileConfigStoreOptions {
  /** CATALOG_CONFIG_DIR: every file read or written stays inside it. */
  root: string;
  /** CATALOG_CONFIG_PATHS: the sources.yaml files, merged in order; new sources go to the last. */
  paths: readonly string[];
  maxRevisions?: number;
  lock?: StoreWriteLockOptions;
  watchDebounceMs?: number;
}

/** One sources file as read under the lock. */
interface Layer {
  origin: string;
  text: string;
  document: SourcesDocument;
}

interface Snapshot {
  layers: Layer[];
  config: ReturnType<typeof mergeSourcesLayers>;
}

/** A source as it is stored right now. */
interface CurrentSource {
  loaded: LoadedSource;
  state: SourceState;
  /** Sources files declaring this id, in merge order. */
  declaredIn: string[];
  /** Absolute path of its content file, when it points at one. */
  contentPath?: string;
}

/** What a mutation wants: entry edits per file, content to write, and the resulting state. */
interface MutationPlan {
  action: RevisionAction;
  edits: Array<{ origin: string; edit: SourceEntryEdit }>;
  content?: { path: string; rawYaml: string };
  /** The entry the source must have afterwards (null when deleting). */
  expected: SourceConfig | null;
  /** Where the entry lives afterwards (recorded in history). */
  origin: string | null;
}

/**
 * The config store for Docker dev and bare metal: sources.yaml files and content files under
 * CATALOG_CONFIG_DIR. Every write is all-or-nothing across the entry and its content (journal),
 * serialized across processes (lock file), re-checked against `expectedRevision` under the lock,
 * and recorded in `.history/<plugin>/<sourceId>/` (newest 20 kept). See docs/architecture.md.
 */
export class FileConfigStore implements ConfigStore {
  readonly mode = 'file' as const;
  readonly writable = true;
  readonly root: string;
  readonly paths: readonly string[];
  private readonly lock: StoreWriteLock;
  private readonly journal: StoreJournal;
  private readonly history: FileRevisionHistory;
  /** sha256 of the bytes this process last wrote or read per file (the watcher's baseline). */
  private readonly known = new Map<string, string>();
  private readonly listeners = new Set<(event: StoreChangeEvent) => void>();
  private readonly watchDebounceMs?: number;
  private watcher?: FileStoreWatcher;
  private watchTargets = new Set<string>();

  constructor(options: FileConfigStoreOptions) {
    this.root = resolve(options.root);
    if (options.paths.length === 0) {
      throw new InvalidArgumentError('CATALOG_CONFIG_PATHS names no sources file');
    }
    this.paths = options.paths.map((p) => {
      try {
        return resolveInsideRoot(this.root, resolve(p));
      } catch {
        throw new InvalidArgumentError(
          `sources file ${p} (CATALOG_CONFIG_PATHS) is outside the config root ${this.root} (CATALOG_CONFIG_DIR): the file store only reads and writes inside its root`,
        );
      }
    });
    this.lock = new StoreWriteLock(join(this.root, LOCK_FILE), options.lock);
    this.journal = new StoreJournal(this.root);
    this.history = new FileRevisionHistory(
      this.root,
      options.maxRevisions ?? MAX_FILE_REVISIONS_PER_SOURCE,
    );
    this.watchDebounceMs = options.watchDebounceMs;
  }

  async load(): Promise<LoadedConfig> {
    return this.lock.withLock(async () => {
      await this.journal.recover();
      const snapshot = await this.readSnapshot();
      const hash = sha256HexStream();
      const targets = new Set<string>(this.paths);
      for (const layer of snapshot.layers) hash.add(layer.origin, layer.text);
      for (const section of Object.values(snapshot.config.catalogs)) {
        for (const source of section.sources) {
          // A bad content path or unreadable file is that source's problem (its refresh reports
          // it), never a reason to fail loading every source.
          const path = this.tryContentPathOf(source);
          if (!path) continue;
          targets.add(path);
          const bytes = await this.readIfExists(path).catch(() => null);
          hash.add(path, bytes ?? '\0missing');
        }
      }
      this.setWatchTargets(targets);
      return { config: snapshot.config, version: hash.digest() };
    });
  }

  async getSource(scope: StoreScope, sourceId: string): Promise<StoredSource> {
    return this.lock.withLock(async () => {
      await this.journal.recover();
      const current = await this.currentSource(await this.readSnapshot(), scope, sourceId);
      if (!current) throw notFound(scope, sourceId);
      return {
        source: current.state.source,
        rawYaml: current.state.rawYaml,
        origin: current.loaded.origin,
        revision: sourceRevisionId(current.state),
      };
    });
  }

  applySource(
    scope: StoreScope,
    sourceId: string,
    change: SourceChange,
    options: WriteOptions,
  ): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, async (_snapshot, current) => {
      const origin = current?.loaded.origin ?? this.paths[this.paths.length - 1];
      const defaultPath = this.relativeToOrigin(
        join(this.root, scope.plugin, `${sourceId}.yaml`),
        origin,
      );
      const plan = planSourceWrite(sourceId, current?.state ?? null, change, defaultPath);
      return {
        action: 'apply',
        edits: [
          { origin, edit: { kind: 'upsert', configKey: scope.configKey, source: plan.source } },
        ],
        content:
          plan.content.kind === 'path'
            ? {
                path: resolveInsideRoot(this.root, plan.content.path, origin),
                rawYaml: plan.content.rawYaml,
              }
            : undefined,
        expected: plan.source,
        origin,
      };
    });
  }

  deleteSource(scope: StoreScope, sourceId: string, options: WriteOptions): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, async (_snapshot, current) => {
      if (!current) throw notFound(scope, sourceId);
      return {
        action: 'delete',
        // Remove it from every file declaring it, or an earlier layer would bring it back.
        edits: current.declaredIn.map((origin) => ({
          origin,
          edit: { kind: 'remove', configKey: scope.configKey, sourceId },
        })),
        expected: null,
        origin: null,
      };
    });
  }

  setEnabled(
    scope: StoreScope,
    sourceId: string,
    enabled: boolean,
    options: WriteOptions,
  ): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, async (_snapshot, current) => {
      if (!current) throw notFound(scope, sourceId);
      const source = { ...cloneEntry(current.state.source), enabled };
      return {
        action: enabled ? 'enable' : 'disable',
        edits: [
          {
            origin: current.loaded.origin,
            edit: { kind: 'upsert', configKey: scope.configKey, source },
          },
        ],
        expected: source,
        origin: current.loaded.origin,
      };
    });
  }

  rollback(
    scope: StoreScope,
    sourceId: string,
    revisionId: string,
    options: WriteOptions,
  ): Promise<ApplyResult> {
    return this.mutate(scope, sourceId, options, async (_snapshot, current, history) => {
      const target = findRevision(
        revisionsWithCurrent(await history(), current?.state ?? null),
        revisionId,
      ) as StoredRevisionRecord | undefined;
      if (!target)
        throw new NotFoundError(
          `revision "${revisionId}" not found for source "${sourceId}" in plugin "${scope.plugin}"`,
        );
      const state = stateOfRevision(target);
      if (!state) {
        return {
          action: 'rollback',
          edits: (current?.declaredIn ?? []).map((origin) => ({
            origin,
            edit: { kind: 'remove' as const, configKey: scope.configKey, sourceId },
          })),
          expected: null,
          origin: null,
        };
      }
      const origin = current?.loaded.origin ?? this.originForRestore(target.origin);
      const source = cloneEntry(state.source);
      const path = source.properties?.yamlCatalogPath;
      const inline = typeof source.properties?.content === 'string';
      return {
        action: 'rollback',
        edits: [{ origin, edit: { kind: 'upsert', configKey: scope.configKey, source } }],
        content:
          !inline && typeof path === 'string' && state.rawYaml !== null
            ? { path: resolveInsideRoot(this.root, path, origin), rawYaml: state.rawYaml }
            : undefined,
        expected: source,
        origin,
      };
    });
  }

  async listRevisions(scope: StoreScope, sourceId: string): Promise<RevisionInfo[]> {
    return (await this.revisions(scope, sourceId)).map(revisionInfo);
  }

  async getRevision(
    scope: StoreScope,
    sourceId: string,
    revisionId: string,
  ): Promise<RevisionContent> {
    const found = findRevision(await this.revisions(scope, sourceId), revisionId);
    if (!found)
      throw new NotFoundError(
        `revision "${revisionId}" not found for source "${sourceId}" in plugin "${scope.plugin}"`,
      );
    const { id, createdAt, author, action, size, contentHash, source, rawYaml } = found;
    return { id, createdAt, author, action, size, contentHash, source, rawYaml };
  }

  async readContent(path: string, origin: string): Promise<string> {
    return readFile(this.resolveContentPath(path, origin), 'utf8');
  }

  async readContentBytes(path: string, origin: string): Promise<Buffer> {
    return readFile(this.resolveContentPath(path, origin));
  }

  resolveContentPath(path: string, origin: string): string {
    return resolveInsideRoot(this.root, path, origin);
  }

  watch(listener: (event: StoreChangeEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.watcher) {
      this.watcher = new FileStoreWatcher({
        root: this.root,
        debounceMs: this.watchDebounceMs,
        knownFingerprint: (path) => this.known.get(path),
        onChange: (paths) => {
          const event: StoreChangeEvent = {
            configKeys: [],
            reason: `changed outside the store: ${paths.map((p) => relative(this.root, p)).join(', ')}`,
          };
          for (const l of [...this.listeners]) l(event);
        },
      });
      this.watcher.setTargets(this.watchTargets.size ? this.watchTargets : this.paths);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.watcher?.close();
        this.watcher = undefined;
      }
    };
  }

  /** Readiness: the root is readable and writable (edits must be able to land). */
  async ping(): Promise<void> {
    await stat(this.root);
    await readFile(this.paths[0]);
    await access(this.root, fsConstants.R_OK | fsConstants.W_OK);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.watcher?.close();
    this.watcher = undefined;
  }

  // --- internals -------------------------------------------------------------------------------

  private async revisions(scope: StoreScope, sourceId: string): Promise<StoredRevisionRecord[]> {
    assertSafeName(scope.plugin, 'plugin');
    assertSafeName(sourceId, 'sourceId');
    return this.lock.withLock(async () => {
      await this.journal.recover();
      const current = await this.currentSource(await this.readSnapshot(), scope, sourceId);
      const history = await this.history.list(scope.plugin, sourceId);
      const all = revisionsWithCurrent(
        history,
        current?.state ?? null,
        await this.observedAt(current),
      ) as StoredRevisionRecord[];
      if (all.length === 0) throw notFound(scope, sourceId);
      return all;
    });
  }

  /**
   * The write path shared by every mutation: under the lock, finish any interrupted write, re-read
   * the current state, check expectedRevision, plan, verify the planned files produce exactly the
   * intended state, then commit files + history in one journaled step.
   */
  private async mutate(
    scope: StoreScope,
    sourceId: string,
    options: WriteOptions,
    plan: (
      snapshot: Snapshot,
      current: CurrentSource | null,
      history: () => Promise<StoredRevisionRecord[]>,
    ) => Promise<MutationPlan>,
  ): Promise<ApplyResult> {
    assertSafeName(scope.plugin, 'plugin');
    assertSafeName(sourceId, 'sourceId');
    return this.lock.withLock(async () => {
      await this.journal.recover();
      const snapshot = await this.readSnapshot();
      const current = await this.currentSource(snapshot, scope, sourceId);
      assertExpectedRevision(options.expectedRevision, current?.state ?? null);
      const wanted = await plan(snapshot, current, () => this.history.list(scope.plugin, sourceId));

      const writes: JournalFileWrite[] = [];
      const nextLayers = snapshot.layers.map((l) => ({ ...l }));
      for (const { origin, edit } of wanted.edits) {
        const layer = nextLayers.find((l) => l.origin === origin);
        if (!layer) throw new Error(`internal error: ${origin} is not a configured sources file`);
        const edited = editSourcesDocument(layer.text, origin, edit);
        if (!edited.changed) continue;
        layer.text = edited.text;
        layer.document = edited.document;
        writes.push({ target: origin, data: edited.text });
      }
      if (wanted.content) {
        assertDocumentSize(wanted.content.rawYaml, `the catalog content of source "${sourceId}"`);
        const before = await this.readIfExists(wanted.content.path);
        if (before !== wanted.content.rawYaml)
          writes.push({ target: wanted.content.path, data: wanted.content.rawYaml });
      }

      const next = await this.currentSource(
        { layers: nextLayers, config: mergeSourcesLayers(nextLayers) },
        scope,
        sourceId,
        wanted.content,
      );
      this.assertOutcome(scope, sourceId, wanted.expected, next);
      const previousId = sourceRevisionId(current?.state ?? null);
      const nextId = sourceRevisionId(next?.state ?? null);
      if (nextId === previousId) {
        // Same entry (modulo spelling of defaults) and same bytes: nothing to write or record.
        return {
          appliedRevision: nextId,
          previousRevision: current ? previousId : null,
          created: false,
        };
      }

      const records: StoredRevisionRecord[] = [];
      const newest = await this.history.newest(scope.plugin, sourceId);
      if (current && needsExternalSnapshot(newest ? [newest] : [], current.state)) {
        // Keep the state being replaced (shipped file, hand edit) reachable by rollback.
        records.push({
          ...externalRevisionEntry(current.state, await this.observedAt(current)),
          origin: relative(this.root, current.loaded.origin),
        });
      }
      records.push({
        ...createRevisionEntry(next?.state ?? null, {
          action: wanted.action,
          author: options.author,
        }),
        origin: wanted.origin ? relative(this.root, wanted.origin) : null,
      });
      writes.push(...(await this.history.planAppend(scope.plugin, sourceId, records)));

      await this.journal.commit(writes);
      for (const w of writes) this.known.set(w.target, sha256Hex(w.data));
      await this.history.prune(scope.plugin, sourceId);
      if (wanted.content) this.addWatchTarget(wanted.content.path);
      return {
        appliedRevision: nextId,
        previousRevision: current ? previousId : null,
        created: !current,
      };
    });
  }

  /** A write must produce exactly the intended entry; another file overriding it would silently undo it. */
  private assertOutcome(
    scope: StoreScope,
    sourceId: string,
    expected: SourceConfig | null,
    next: CurrentSource | null,
  ): void {
    if (expected === null) {
      if (next) throw new ConflictError(`source "${sourceId}" is still declared after deleting it`);
      return;
    }
    if (!next || canonicalSourceEntry(next.state.source) !== canonicalSourceEntry(expected)) {
      const others = next?.declaredIn.filter((o) => o !== next.loaded.origin) ?? [];
      throw new ConflictError(
        `source "${sourceId}" of plugin "${scope.plugin}" is also declared in ${others.map((o) => relative(this.root, o)).join(', ') || 'another sources file'}, which overrides this change; edit that file`,
      );
    }
  }

  private async readSnapshot(): Promise<Snapshot> {
    const files = await readSourcesFiles(this.paths);
    for (const layer of files.layers) this.known.set(layer.origin, sha256Hex(layer.text));
    return {
      layers: files.layers.map((l) => ({ origin: l.origin, text: l.text, document: l.document })),
      config: files.config,
    };
  }

  /** The stored state of a source; `pending` overrides one content file (a planned write). */
  private async currentSource(
    snapshot: Snapshot,
    scope: StoreScope,
    sourceId: string,
    pending?: { path: string; rawYaml: string },
  ): Promise<CurrentSource | null> {
    const loaded = snapshot.config.catalogs[scope.configKey]?.sources.find(
      (s) => s.id === sourceId,
    );
    if (!loaded) return null;
    const declared = snapshot.layers.filter((l) =>
      findSourceEntry(l.document, scope.configKey, sourceId),
    );
    // A source declared once is shown and restored as written; a merged one as merged.
    const source =
      declared.length === 1
        ? cloneEntry(findSourceEntry(declared[0].document, scope.configKey, sourceId)!)
        : stripOrigin(loaded);
    let rawYaml: string | null = null;
    let contentPath: string | undefined;
    if (typeof loaded.properties.content === 'string') rawYaml = loaded.properties.content;
    else {
      contentPath = this.tryContentPathOf(loaded);
      if (contentPath) {
        rawYaml =
          pending && pending.path === contentPath
            ? pending.rawYaml
            : await this.readIfExists(contentPath);
      }
    }
    return {
      loaded,
      state: { source, rawYaml },
      declaredIn: declared.map((l) => l.origin),
      contentPath,
    };
  }

  /** The content file a source points at; undefined for inline content or a path escaping the root. */
  private tryContentPathOf(source: LoadedSource): string | undefined {
    const path = source.properties.yamlCatalogPath;
    if (typeof path !== 'string' || typeof source.properties.content === 'string') return undefined;
    try {
      return resolveInsideRoot(this.root, path, source.origin);
    } catch {
      return undefined;
    }
  }

  private async readIfExists(path: string): Promise<string | null> {
    try {
      const text = await readFile(path, 'utf8');
      this.known.set(path, sha256Hex(text));
      return text;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
        this.known.set(path, MISSING_FILE);
        return null;
      }
      throw err;
    }
  }

  /** When the current (external) state was last written: newest mtime of its entry file and content. */
  private async observedAt(current: CurrentSource | null): Promise<Date> {
    if (!current) return new Date();
    let newest = 0;
    for (const path of [current.loaded.origin, current.contentPath]) {
      if (!path) continue;
      const info = await stat(path).catch(() => undefined);
      if (info) newest = Math.max(newest, info.mtimeMs);
    }
    return newest ? new Date(newest) : new Date();
  }

  private originForRestore(recorded: string | null): string {
    if (recorded) {
      const abs = resolve(this.root, recorded);
      if (this.paths.includes(abs)) return abs;
    }
    return this.paths[this.paths.length - 1];
  }

  private relativeToOrigin(target: string, origin: string): string {
    return relative(dirname(origin), target).split(sep).join('/');
  }

  private setWatchTargets(targets: Set<string>): void {
    this.watchTargets = targets;
    this.watcher?.setTargets(targets);
  }

  private addWatchTarget(path: string): void {
    if (this.watchTargets.has(path)) return;
    this.watchTargets.add(path);
    this.watcher?.setTargets(this.watchTargets);
  }
}

function notFound(scope: StoreScope, sourceId: string): NotFoundError {
  return new NotFoundError(`source "${sourceId}" not found in plugin "${scope.plugin}"`);
}

function stripOrigin(source: LoadedSource): SourceConfig {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { origin, ...entry } = source;
  return cloneEntry(entry);
}

/** SHA-256 over (path, bytes) pairs in the order added. */
function sha256HexStream(): { add(path: string, data: string): void; digest(): string } {
  const parts: string[] = [];
  return {
    add: (path, data) => parts.push(path, '\0', data, '\0'),
    digest: () => sha256Hex(parts.join('')),
  };
}
