import { Inject, Injectable } from '@nestjs/common';
import type { LoadedSource } from '../config/sources-config';
import type { ErrorDetail } from '../errors/catalog-errors';
import { CatalogError } from '../errors/catalog-errors';
import { CONFIG_STORE, ConfigStore } from '../store/config-store';
import { SECRET_RESOLVER, SecretResolver } from '../store/secrets/secret-resolver';
import type { CatalogDefinition, ContentProvider, ContentReadContext } from './catalog-definition';
import { parseCatalogContent } from './catalog-content-parser';
import { ItemNameFilter } from './item-name-filter';
import { entityContentHash } from './entity-content-hash';
import type { HashedEntity } from './entity-table.writer';
import type { YamlLoadLimits } from '../yaml/yaml-loader';

export type SourceEntitiesResult =
  { ok: true; entities: Map<string, HashedEntity> } | { ok: false; errors: ErrorDetail[] };

/**
 * Turns a source into the entities it should serve: its provider reads the content (through the
 * config store), the plugin's format parses and validates it, includedItems/excludedItems filter
 * it, and each entity gets its content hash.
 */
@Injectable()
export class SourceContentReader {
  constructor(
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
    @Inject(SECRET_RESOLVER) private readonly secrets: SecretResolver,
  ) {}

  providerFor(catalog: CatalogDefinition, type: string): ContentProvider | undefined {
    return catalog.providers.find((p) => p.type === type);
  }

  async readText(
    catalog: CatalogDefinition,
    source: LoadedSource,
  ): Promise<{ ok: true; text: string } | { ok: false; errors: ErrorDetail[] }> {
    return this.readWith(
      catalog,
      source,
      (provider, context) => provider.readContent(source, context),
      'text',
    );
  }

  /** Content as bytes (no decoded copy): what the engine ingests. */
  async readBytes(
    catalog: CatalogDefinition,
    source: LoadedSource,
  ): Promise<{ ok: true; bytes: Buffer } | { ok: false; errors: ErrorDetail[] }> {
    const read = await this.readWith(
      catalog,
      source,
      async (provider, context) =>
        provider.readContentBytes
          ? provider.readContentBytes(source, context)
          : Buffer.from(await provider.readContent(source, context), 'utf8'),
      'bytes',
    );
    return read;
  }

  private async readWith<T, K extends 'text' | 'bytes'>(
    catalog: CatalogDefinition,
    source: LoadedSource,
    read: (provider: ContentProvider, context: ContentReadContext) => Promise<T>,
    key: K,
  ): Promise<({ ok: true } & Record<K, T>) | { ok: false; errors: ErrorDetail[] }> {
    const provider = this.providerFor(catalog, source.type);
    if (!provider) {
      return {
        ok: false,
        errors: [
          {
            field: 'type',
            message: `unknown source type "${source.type}"; this plugin supports: ${catalog.providers.map((p) => p.type).join(', ')}`,
          },
        ],
      };
    }
    const propertyErrors = provider.validateProperties(source);
    if (propertyErrors.length) return { ok: false, errors: propertyErrors };
    try {
      const value = await read(provider, {
        reader: {
          read: (path, origin) => this.store.readContent(path, origin),
          readBytes: (path, origin) => this.store.readContentBytes(path, origin),
        },
        secrets: this.secrets,
      });
      return { ok: true, [key]: value } as { ok: true } & Record<K, T>;
    } catch (err) {
      const ref = provider.contentRef(source);
      const what = ref.kind === 'path' ? ref.path : 'content';
      const reason =
        err instanceof CatalogError
          ? err.message
          : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
      return {
        ok: false,
        errors: [
          { field: 'properties.yamlCatalogPath', message: `cannot read ${what}: ${reason}` },
        ],
      };
    }
  }

  /** The filtered, hashed entities of a source's content text. */
  toEntities(
    catalog: CatalogDefinition,
    source: Pick<LoadedSource, 'includedItems' | 'excludedItems'>,
    text: string,
    limits?: YamlLoadLimits,
  ): SourceEntitiesResult {
    const parsed = parseCatalogContent(text, catalog.format, limits);
    if (!parsed.ok) return parsed;
    const filter = new ItemNameFilter(source.includedItems, source.excludedItems);
    const entities = new Map<string, HashedEntity>();
    for (const entity of parsed.entities) {
      if (filter.active && !filter.accepts(entity.name)) continue;
      entities.set(entity.name, { entity, hash: entityContentHash(catalog.model, entity) });
    }
    return { ok: true, entities };
  }
}
