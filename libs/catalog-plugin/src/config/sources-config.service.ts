import { Inject, Injectable } from '@nestjs/common';
import { CONFIG_STORE, ConfigStore, StoreScope } from '../store/config-store';
import { CatalogSection, CatalogSourcesConfig, LoadedSource } from './sources-config';

export interface SourcesViewChange {
  configKey: string;
  /** Sources whose entry changed, appeared or disappeared. */
  sourceIds: string[];
}

/** Holds the merged in-memory CatalogSourcesConfig every plugin and the engine read. */
@Injectable()
export class SourcesConfigService {
  private view: CatalogSourcesConfig = { catalogs: {} };
  private versionValue = '';
  private scopes: StoreScope[] = [];

  constructor(@Inject(CONFIG_STORE) private readonly store: ConfigStore) {}

  /** Reloads from the store and returns which sources changed, per config key. */
  async reload(scopes?: readonly StoreScope[]): Promise<SourcesViewChange[]> {
    if (scopes) this.scopes = [...scopes];
    const loaded = await this.store.load(this.scopes);
    const changes = diffViews(this.view, loaded.config);
    this.view = loaded.config;
    this.versionValue = loaded.version;
    return changes;
  }

  get config(): CatalogSourcesConfig {
    return this.view;
  }

  get version(): string {
    return this.versionValue;
  }

  section(configKey: string): CatalogSection | undefined {
    return this.view.catalogs[configKey];
  }

  source(configKey: string, sourceId: string): LoadedSource | undefined {
    return this.view.catalogs[configKey]?.sources.find((s) => s.id === sourceId);
  }
}

function diffViews(before: CatalogSourcesConfig, after: CatalogSourcesConfig): SourcesViewChange[] {
  const keys = new Set([...Object.keys(before.catalogs), ...Object.keys(after.catalogs)]);
  const changes: SourcesViewChange[] = [];
  for (const configKey of [...keys].sort()) {
    const prev = new Map((before.catalogs[configKey]?.sources ?? []).map((s) => [s.id, JSON.stringify(s)]));
    const next = new Map((after.catalogs[configKey]?.sources ?? []).map((s) => [s.id, JSON.stringify(s)]));
    const ids = new Set([...prev.keys(), ...next.keys()]);
    const changed = [...ids].filter((id) => prev.get(id) !== next.get(id)).sort();
    if (changed.length) changes.push({ configKey, sourceIds: changed });
  }
  return changes;
}
