import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CatalogError, ErrorDetail } from '../errors/catalog-errors';
import { CONFIG_STORE, ConfigStore, StoreScope } from '../store/config-store';
import { revisionIdOfBytes } from '../store/source-revision';
import { compareCodePoints } from './ordering';
import { CatalogSection, CatalogSourcesConfig, LoadedSource } from './sources-config';

export interface SourcesViewChange {
  configKey: string;
  /** Sources whose entry or content changed, appeared or disappeared (sorted). */
  sourceIds: string[];
}

/** Delivered to onChange listeners after a reload that changed something. */
export interface SourcesReloadEvent {
  changes: SourcesViewChange[];
  /** Why the reload ran: `boot`, `save`, `reload`, or the store's description of an external change. */
  reason: string;
  /** The store reported a change made outside this process (a file edit, kubectl, another replica). */
  external: boolean;
}

/** The last reload that failed; the previous view keeps serving until a reload succeeds. */
export interface SourcesReloadError {
  /** Names the file and, for YAML/schema problems, the line. */
  message: string;
  details: ErrorDetail[];
  at: string;
  reason: string;
}

export type SourcesChangeListener = (event: SourcesReloadEvent) => void | Promise<void>;

interface SourceFingerprint {
  /** Content-addressed revision of entry + content bytes (same id the store reports). */
  revision: string;
  /** Revision plus origin: moving an entry to another file changes how its paths resolve. */
  fingerprint: string;
  /** Why the content could not be read, if it could not. */
  contentError?: string;
}

/**
 * Holds the one merged in-memory CatalogSourcesConfig every plugin and the engine read, and keeps
 * it reconciled with the config store: at boot, after every save (`save()`), and whenever the store
 * reports a change made outside this process. Reloads are serialized; each computes per-source
 * fingerprints (entry + content bytes) and reports exactly the sources whose entry or content
 * changed. A reload that fails (e.g. a broken hand edit of sources.yaml) keeps the last good view
 * and records the error in `lastReloadError`.
 */
@Injectable()
export class SourcesConfigService implements OnModuleDestroy {
  private readonly logger = new Logger(SourcesConfigService.name);
  private view: CatalogSourcesConfig = { catalogs: {} };
  private versionValue = '';
  private scopes: StoreScope[] = [];
  private fingerprints = new Map<string, SourceFingerprint>();
  private readonly listeners = new Set<SourcesChangeListener>();
  private queue: Promise<unknown> = Promise.resolve();
  private unwatch?: () => void;
  private lastError?: SourcesReloadError;

  constructor(@Inject(CONFIG_STORE) private readonly store: ConfigStore) {}

  /**
   * Reloads from the store and returns which sources changed, per config key. Called with the
   * plugin scopes at boot (reason `boot`); the first call also subscribes to the store's change
   * notifications. Throws (after recording
   * `lastReloadError`) when the store cannot be loaded; the previous view stays in place.
   */
  reload(scopes?: readonly StoreScope[], reason?: string, external = false): Promise<SourcesViewChange[]> {
    if (scopes) this.scopes = [...scopes];
    const why = reason ?? (scopes ? 'boot' : 'reload');
    const run = this.queue.then(() => this.reloadNow(why, external));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a store mutation and reconciles right after it, so the view (and the sources that
   * changed) reflect the write before the caller answers.
   */
  async save<T>(write: (store: ConfigStore) => Promise<T>): Promise<{ result: T; changes: SourcesViewChange[] }> {
    const result = await write(this.store);
    const changes = await this.reload(undefined, 'save');
    return { result, changes };
  }

  /** Called after each reload that changed at least one source. Returns an unsubscribe function. */
  onChange(listener: SourcesChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get config(): CatalogSourcesConfig {
    return this.view;
  }

  get version(): string {
    return this.versionValue;
  }

  /** The last failed reload, until a reload succeeds. */
  get lastReloadError(): SourcesReloadError | undefined {
    return this.lastError;
  }

  section(configKey: string): CatalogSection | undefined {
    return this.view.catalogs[configKey];
  }

  source(configKey: string, sourceId: string): LoadedSource | undefined {
    return this.view.catalogs[configKey]?.sources.find((s) => s.id === sourceId);
  }

  /** The source's current revision (entry + content), as the store reports it. */
  sourceRevision(configKey: string, sourceId: string): string | undefined {
    return this.fingerprints.get(keyOf(configKey, sourceId))?.revision;
  }

  /** Why the source's content could not be read at the last reload (missing file, path outside the root). */
  sourceContentError(configKey: string, sourceId: string): string | undefined {
    return this.fingerprints.get(keyOf(configKey, sourceId))?.contentError;
  }

  onModuleDestroy(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  private async reloadNow(reason: string, external: boolean): Promise<SourcesViewChange[]> {
    this.subscribe();
    let loaded;
    let fingerprints: Map<string, SourceFingerprint>;
    try {
      loaded = await this.store.load(this.scopes);
      fingerprints = await this.fingerprint(loaded.config);
    } catch (err) {
      this.lastError = {
        message: err instanceof Error ? err.message : String(err),
        details: err instanceof CatalogError ? err.details : [],
        at: new Date().toISOString(),
        reason,
      };
      throw err;
    }
    const changes = diffFingerprints(this.fingerprints, fingerprints);
    this.view = loaded.config;
    this.versionValue = loaded.version;
    this.fingerprints = fingerprints;
    this.lastError = undefined;
    if (changes.length) this.notify({ changes, reason, external });
    return changes;
  }

  private subscribe(): void {
    if (this.unwatch) return;
    this.unwatch = this.store.watch((event) => {
      this.reload(undefined, event.reason, true).catch((err: unknown) => {
        this.logger.warn({
          msg: 'config changed outside the server but cannot be loaded; still serving the last good configuration',
          reason: event.reason,
          error: err instanceof Error ? err.message : String(err),
        });
      });
    });
  }

  private notify(event: SourcesReloadEvent): void {
    for (const listener of [...this.listeners]) {
      // Listeners (source refreshes) may run long; they must not hold up later reloads.
      void Promise.resolve()
        .then(() => listener(event))
        .catch((err: unknown) =>
          this.logger.error({ msg: 'sources change listener failed', error: err instanceof Error ? err.message : String(err) }),
        );
    }
  }

  private async fingerprint(config: CatalogSourcesConfig): Promise<Map<string, SourceFingerprint>> {
    const out = new Map<string, SourceFingerprint>();
    for (const section of Object.values(config.catalogs)) {
      for (const source of section.sources) {
        const { content, error } = await this.contentOf(source);
        const { origin, ...entry } = source;
        const revision = revisionIdOfBytes(entry, content);
        out.set(keyOf(section.configKey, source.id), {
          revision,
          fingerprint: `${revision}\0${origin}`,
          ...(error ? { contentError: error } : {}),
        });
      }
    }
    return out;
  }

  /** Content bytes for fingerprinting (bytes, not a decoded string: catalogs can be large). */
  private async contentOf(source: LoadedSource): Promise<{ content: string | Buffer | null; error?: string }> {
    if (typeof source.properties.content === 'string') return { content: source.properties.content };
    const path = source.properties.yamlCatalogPath;
    if (typeof path !== 'string') return { content: null };
    try {
      return { content: await this.store.readContentBytes(path, source.origin) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = err instanceof CatalogError ? err.message : (code ?? (err as Error).message);
      return { content: null, error: `cannot read ${path}: ${reason}` };
    }
  }
}

function keyOf(configKey: string, sourceId: string): string {
  return `${configKey}\0${sourceId}`;
}

function diffFingerprints(
  before: ReadonlyMap<string, SourceFingerprint>,
  after: ReadonlyMap<string, SourceFingerprint>,
): SourcesViewChange[] {
  const byKey = new Map<string, string[]>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(key)?.fingerprint === after.get(key)?.fingerprint) continue;
    const [configKey, sourceId] = key.split('\0');
    byKey.set(configKey, [...(byKey.get(configKey) ?? []), sourceId]);
  }
  return [...byKey.keys()]
    .sort(compareCodePoints)
    .map((configKey) => ({ configKey, sourceIds: byKey.get(configKey)!.sort(compareCodePoints) }));
}
