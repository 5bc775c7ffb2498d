import type { NamedQueriesConfig } from '../config/sources-config';
import type { StoredEntity } from '../entity/entity-model';

/** List parameters after HTTP validation (source/sourceLabel are already resolved into a scope). */
export interface EntityListQuery {
  filterQuery?: string;
  namedQuery?: string;
  q?: string;
  name?: string;
  pageSize?: number;
  nextPageToken?: string;
  orderBy?: string;
  sortOrder?: string;
}

export interface ChildListQuery extends Pick<
  EntityListQuery,
  'filterQuery' | 'pageSize' | 'nextPageToken' | 'orderBy' | 'sortOrder'
> {
  /**
   * Exact-value filters from dedicated request parameters (e.g. a model artifact list's
   * `artifactType`): field name → accepted values, any of which matches; ANDed with filterQuery.
   */
  fieldValues?: Readonly<Record<string, readonly string[]>>;
}

/** What a list request may see: its sources (see resolveSourceIds) and the section's named queries. */
export interface ListScope {
  sourceIds: readonly string[];
  namedQueries: NamedQueriesConfig;
}

export interface EntityPage {
  items: StoredEntity[];
  /** Number of items on this page. */
  size: number;
  pageSize: number;
  /** Empty when this is the last page. */
  nextPageToken: string;
}

export interface FilterOption {
  type: 'string' | 'number';
  /** Distinct values (strings, booleans, list elements), sorted. */
  values?: unknown[];
  /** For numbers; absent when no row has a value. */
  range?: { min: number; max: number };
}

export interface FilterOptions {
  filters: Record<string, FilterOption>;
}
