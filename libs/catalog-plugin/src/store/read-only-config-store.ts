import { readFile } from 'node:fs/promises';
import { LoadedSource } from '../config/sources-config';
import { NotFoundError, ReadOnlyStoreError } from '../errors/catalog-errors';
import {
  ApplyResult,
  ConfigStore,
  LoadedConfig,
  RevisionContent,
  RevisionInfo,
  StoreScope,
  StoredSource,
} from './config-store';
import { sourceRevisionId } from './source-revision';
import { readSourcesFiles } from './sources-files';
import { resolveInsideRoot } from './store-paths';

const READ_ONLY =
  'the config store is read-only (CATALOG_CONFIG_STORE_MODE=none); edit the files and restart, or use mode file or k8s';

/** CATALOG_CONFIG_STORE_MODE=none: serves the sources.yaml files as they are; every mutation is refused. */
export class ReadOnlyConfigStore implements ConfigStore {
  readonly mode = 'none' as const;
  readonly writable = false;
  private last?: LoadedConfig;

  constructor(
    private readonly root: string,
    private readonly paths: readonly string[],
  ) {
    for (const p of paths) resolveInsideRoot(root, p);
  }

  async load(): Promise<LoadedConfig> {
    const snapshot = await readSourcesFiles(this.paths);
    this.last = { config: snapshot.config, version: snapshot.version };
    return this.last;
  }

  async getSource(scope: StoreScope, sourceId: string): Promise<StoredSource> {
    const loaded = this.last ?? (await this.load());
    const source = loaded.config.catalogs[scope.configKey]?.sources.find((s) => s.id === sourceId);
    if (!source)
      throw new NotFoundError(`source "${sourceId}" not found in plugin "${scope.plugin}"`);
    const entry = stripOrigin(source);
    const rawYaml = await this.rawYamlOf(source).catch(() => null);
    // Same content-addressed revision as the writable stores, so If-Match values carry over.
    return {
      source: entry,
      rawYaml,
      origin: source.origin,
      revision: sourceRevisionId({ source: entry, rawYaml }),
    };
  }

  private async rawYamlOf(source: LoadedSource): Promise<string | null> {
    const path = source.properties.yamlCatalogPath;
    if (typeof path === 'string') return this.readContent(path, source.origin);
    return typeof source.properties.content === 'string' ? source.properties.content : null;
  }

  applySource(): Promise<ApplyResult> {
    return Promise.reject(new ReadOnlyStoreError(READ_ONLY));
  }
  deleteSource(): Promise<ApplyResult> {
    return Promise.reject(new ReadOnlyStoreError(READ_ONLY));
  }
  setEnabled(): Promise<ApplyResult> {
    return Promise.reject(new ReadOnlyStoreError(READ_ONLY));
  }
  rollback(): Promise<ApplyResult> {
    return Promise.reject(new ReadOnlyStoreError(READ_ONLY));
  }
  async listRevisions(): Promise<RevisionInfo[]> {
    return [];
  }
  getRevision(_scope: StoreScope, _sourceId: string, revisionId: string): Promise<RevisionContent> {
    return Promise.reject(
      new NotFoundError(`revision "${revisionId}" not found: a read-only store keeps no history`),
    );
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

  watch(): () => void {
    return () => undefined;
  }

  async ping(): Promise<void> {
    await readFile(this.paths[0], 'utf8');
  }

  async close(): Promise<void> {}
}

function stripOrigin(source: LoadedSource): StoredSource['source'] {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { origin, ...entry } = source;
  return entry;
}
