import type { ErrorDetail } from '../errors/catalog-errors';
import type { LoadedSource } from '../config/sources-config';
import type { DocumentSchema } from '../schema/document-schema-validator';
import type { EntityModel, ParsedEntity, StoredEntity } from '../entity/entity-model';
import type { CatalogPlugin } from '../plugin/catalog-plugin';
import type { CatalogContentReader } from './catalog-content-reader';
import type { SecretResolver } from '../store/secrets/secret-resolver';

/** The YAML layout of a plugin's catalog content. */
export interface CatalogContentFormat {
  /** JSON Schema of one content document; closed objects make unknown fields errors. */
  schema: DocumentSchema;
  /** Top-level key holding the entity list, e.g. `mcpservers`. */
  itemsKey: string;
  /** Converts one schema-valid item into the engine's entity shape. */
  toEntity(item: Record<string, unknown>): ParsedEntity;
  /** Checks of one schema-valid item beyond the schema (cross-field rules); paths relative to the item. */
  checkItem?(item: Record<string, unknown>): Array<{ path: (string | number)[]; message: string }>;
}

/** Where a source's content comes from (a source `type`). */
export interface ContentProvider {
  readonly type: string;
  /** Properties that point at content; changing one is a critical change. */
  readonly pointerProperties: readonly string[];
  /**
   * Checks this provider's `properties` (semantic layer). `contentSupplied`: the edit carries the
   * content itself (rawYaml), so the store will place it and a missing pointer is fine.
   */
  validateProperties(source: LoadedSource, options?: { contentSupplied?: boolean }): ErrorDetail[];
  /** The content reference of a source: a store path, or inline text. */
  contentRef(source: LoadedSource): ContentRef;
  /** Reads the source's catalog content text. */
  readContent(source: LoadedSource, context: ContentReadContext): Promise<string>;
  /** The content as bytes, when the provider can avoid decoding it (large catalogs). */
  readContentBytes?(source: LoadedSource, context: ContentReadContext): Promise<Buffer>;
}

/**
 * What a provider may use while reading content. `secrets` resolves SecretRefs in the source's
 * properties at refresh time: the values are used for the read and never stored or logged.
 */
export interface ContentReadContext {
  reader: CatalogContentReader;
  secrets: SecretResolver;
}

export type ContentRef =
  | { kind: 'path'; path: string; origin: string }
  | { kind: 'inline'; text: string }
  | { kind: 'none' };

/** What a plugin declares to get ingestion, queries, validation, refresh and diagnostics. */
export interface CatalogDefinition {
  model: EntityModel;
  format: CatalogContentFormat;
  providers: readonly ContentProvider[];
  /** Maps a stored entity to the API item (field names as in the upstream contract). */
  toApiItem(entity: StoredEntity): Record<string, unknown>;
  /**
   * Maps a stored child (e.g. a model artifact) of the model's `collection` to its API item;
   * without it, children are served as id, name, fields, customProperties and timestamps.
   */
  toApiChildItem?(collection: string, child: StoredEntity): Record<string, unknown>;
}

export interface SourceCatalogCapability {
  readonly catalog: CatalogDefinition;
}

export function hasSourceCatalog(
  plugin: CatalogPlugin,
): plugin is CatalogPlugin & SourceCatalogCapability {
  const catalog = (plugin as Partial<SourceCatalogCapability>).catalog;
  return !!catalog && typeof catalog === 'object' && Array.isArray(catalog.providers);
}
