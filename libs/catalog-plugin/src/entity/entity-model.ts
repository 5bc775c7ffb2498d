/**
 * How a plugin describes its entity type to the shared machinery. One declaration drives
 * ingestion (columns written), the query engine (filterable / sortable / searchable fields),
 * filter_options and response mapping, so a plugin never writes SQL of its own.
 */

export type FieldKind =
  /** text column */
  | 'string'
  /** integer column (stored as integer or bigint) */
  | 'integer'
  /** double precision column */
  | 'number'
  | 'boolean'
  /** jsonb array of strings; filters match when any element matches */
  | 'string-list'
  /** jsonb value returned as-is, not filterable */
  | 'json';

export interface EntityField {
  /** API and content name, e.g. `toolCount`. */
  name: string;
  /** SQL column, e.g. `tool_count`. */
  column: string;
  kind: FieldKind;
  /** Usable in filterQuery and namedQueries. */
  filterable?: boolean;
  /** Usable as orderBy (in addition to NAME, ID, CREATE_TIME, LAST_UPDATE_TIME). */
  sortable?: boolean;
  /** Included in the free-text `q` search (case-insensitive substring). */
  searchable?: boolean;
  /** Reported by filter_options: distinct values for strings/booleans/lists, min/max for numbers. */
  filterOption?: boolean;
}

/**
 * `plain`: customProperties is a map of scalars (`{ team: "x", tier: 2 }`).
 * `metadata-value`: upstream typed values (`{ tier: { metadataType: MetadataIntValue, int_value: "2" } }`).
 */
export type CustomPropertiesStyle = 'plain' | 'metadata-value';

export interface EntityTable {
  /** Table name; standard columns are id, source_id, name, content_hash, create_time, last_update_time. */
  table: string;
  fields: readonly EntityField[];
  /** jsonb column holding customProperties, filterable as `customProperties.<key>`. */
  customProperties?: { column: string; style: CustomPropertiesStyle };
}

/** A child table (e.g. model artifacts): rows belong to one parent entity and are replaced with it. */
export interface ChildEntityTable extends EntityTable {
  /** Column referencing the parent's id (ON DELETE CASCADE). */
  parentColumn: string;
  /** Name of the list on the parent entity holding these children, e.g. `artifacts`. */
  collection: string;
}

export interface EntityModel extends EntityTable {
  /** Plural resource name used in messages, e.g. `mcp servers`. */
  resourceName: string;
  children?: readonly ChildEntityTable[];
}

/**
 * Standard columns every entity table has (created by the plugin's migration):
 * - `id` bigint GENERATED ALWAYS AS IDENTITY primary key (API: string)
 * - `source_id` text NOT NULL, `name` text NOT NULL, UNIQUE (source_id, name)
 * - `content_hash` text NOT NULL (sha256 of the entity's canonical content)
 * - `create_time`, `last_update_time` bigint NOT NULL (epoch milliseconds; API: strings)
 * Field columns by kind: string → text, integer → bigint, number → double precision,
 * boolean → boolean, string-list → jsonb array, json → jsonb. customProperties → jsonb.
 * Child tables have the same standard columns (name nullable, no unique) plus the parent
 * column: bigint NOT NULL REFERENCES parent(id) ON DELETE CASCADE.
 */
export const STANDARD_COLUMNS = {
  id: 'id',
  sourceId: 'source_id',
  name: 'name',
  contentHash: 'content_hash',
  createTime: 'create_time',
  lastUpdateTime: 'last_update_time',
} as const;

/**
 * One entity as parsed from content, before storage: `fields` keyed by EntityField.name,
 * `children` keyed by ChildEntityTable.collection.
 */
export interface ParsedEntity extends ContentTimestamps {
  name: string;
  fields: Record<string, unknown>;
  customProperties?: Record<string, unknown>;
  children?: Record<string, ParsedChild[]>;
}

export interface ParsedChild extends ContentTimestamps {
  /** Child name when it has one (artifact name); children are replaced as a set. */
  name?: string;
  fields: Record<string, unknown>;
  customProperties?: Record<string, unknown>;
}

/**
 * Creation / last-update times a catalog states for an item (epoch milliseconds), e.g. the upstream
 * model catalog's `createTimeSinceEpoch`. They are stored in the standard `create_time` /
 * `last_update_time` columns, so ordering and filtering see the catalog's times; an absent one
 * falls back to the server's clock (insert: now; rewrite: the stored create time, and now).
 */
export interface ContentTimestamps {
  createTime?: number;
  lastUpdateTime?: number;
}

/** A stored entity row mapped back to API field names. */
export interface StoredEntity {
  id: string;
  sourceId: string;
  name: string;
  contentHash: string;
  createTime: number;
  lastUpdateTime: number;
  fields: Record<string, unknown>;
  customProperties?: Record<string, unknown>;
}
