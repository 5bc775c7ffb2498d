import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type {
  ChildEntityTable,
  EntityField,
  EntityModel,
  EntityTable,
  StoredEntity,
} from '../entity/entity-model';
import { STANDARD_COLUMNS } from '../entity/entity-model';
import { isEntityId } from './bigint-text';
import { EntityRow, entitySelectList, toStoredEntity } from './entity-row';
import { compileFilterExpression } from './filter-query.compiler';
import { FILTER_QUERY_ORIGIN, namedQueryOrigin } from './filter-query.errors';
import { parseFilterQuery } from './filter-query.parser';
import {
  ListFingerprintInput,
  decodePageToken,
  encodePageToken,
  listFingerprint,
} from './keyset-cursor';
import {
  ChildListQuery,
  EntityListQuery,
  EntityPage,
  FilterOption,
  FilterOptions,
  ListScope,
} from './list-query.types';
import {
  ListOrdering,
  orderByClause,
  resolveListOrdering,
  seekCondition,
  sortValueSelect,
} from './list-ordering';
import { namedQueryExpression } from './named-query';
import { resolvePageSize } from './page-size';
import {
  ENTITY_ALIAS,
  SqlParameters,
  containsNul,
  entityColumn,
  quoteIdentifier,
} from './sql-parameters';
import { namePatternCondition, textSearchCondition } from './text-search';

const SORT_VALUE_ALIAS = '"__sort_value"';

interface PageRequest {
  table: EntityTable;
  params: SqlParameters;
  conditions: string[];
  pageSize: number;
  ordering: ListOrdering;
  fingerprint: string;
  nextPageToken?: string;
}

/**
 * Reads entity tables declared by plugins' EntityModels: filtered, scoped, keyset-paginated lists,
 * lookups, filter_options and counts. All SQL is parameterized; only declared identifiers appear
 * in its text.
 */
@Injectable()
export class CatalogQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(model: EntityModel, query: EntityListQuery, scope: ListScope): Promise<EntityPage> {
    const pageSize = resolvePageSize(query.pageSize);
    const ordering = resolveListOrdering(model, query.orderBy, query.sortOrder);
    const params = new SqlParameters();
    const conditions = [
      `${entityColumn(STANDARD_COLUMNS.sourceId)} = ANY(${params.add([...scope.sourceIds], 'text[]')})`,
    ];
    const filter = parseFilterQuery(query.filterQuery ?? '');
    if (filter) {
      conditions.push(compileFilterExpression(filter, model, params, FILTER_QUERY_ORIGIN));
    }
    if (query.namedQuery) {
      const named = namedQueryExpression(query.namedQuery, scope.namedQueries);
      if (named) {
        conditions.push(
          compileFilterExpression(named, model, params, namedQueryOrigin(query.namedQuery)),
        );
      }
    }
    if (query.q?.trim()) conditions.push(textSearchCondition(model, query.q.trim(), params));
    if (query.name) conditions.push(namePatternCondition(query.name, params));

    return this.page({
      table: model,
      params,
      conditions,
      pageSize,
      ordering,
      fingerprint: listFingerprint(
        fingerprintInput(model.table, query, ordering, { sourceIds: scope.sourceIds }),
      ),
      nextPageToken: query.nextPageToken,
    });
  }

  /** Children of one parent (e.g. a model's artifacts), with the same filter and paging rules. */
  async listChildren(
    model: EntityModel,
    child: ChildEntityTable,
    parentId: string,
    query: ChildListQuery,
  ): Promise<EntityPage> {
    if (!model.children?.some((c) => c.table === child.table)) {
      throw new Error(`${child.table} is not a child table of ${model.table}`);
    }
    const pageSize = resolvePageSize(query.pageSize);
    const ordering = resolveListOrdering(child, query.orderBy, query.sortOrder);
    const params = new SqlParameters();
    const filter = parseFilterQuery(query.filterQuery ?? '');
    const filterSql = filter
      ? compileFilterExpression(filter, child, params, FILTER_QUERY_ORIGIN)
      : undefined;
    const valueSql = fieldValueConditions(child, query.fieldValues, params);
    const fingerprint = listFingerprint(
      fingerprintInput(child.table, query, ordering, {
        parentId,
        fieldValues: query.fieldValues,
      }),
    );
    if (!isEntityId(parentId)) {
      // Still validate the token so a bad one is a 400 whatever the parent id.
      if (query.nextPageToken) decodePageToken(query.nextPageToken, fingerprint, ordering);
      return { items: [], size: 0, pageSize, nextPageToken: '' };
    }
    const conditions = [`${entityColumn(child.parentColumn)} = ${params.add(parentId, 'bigint')}`];
    if (filterSql) conditions.push(filterSql);
    conditions.push(...valueSql);
    return this.page({
      table: child,
      params,
      conditions,
      pageSize,
      ordering,
      fingerprint,
      nextPageToken: query.nextPageToken,
    });
  }

  /** A non-numeric or out-of-range id is simply not found. */
  async getById(model: EntityModel, id: string): Promise<StoredEntity | undefined> {
    if (!isEntityId(id)) return undefined;
    const rows = await this.dataSource.query<EntityRow[]>(
      `SELECT ${entitySelectList(model)} FROM ${from(model)} ` +
        `WHERE ${entityColumn(STANDARD_COLUMNS.id)} = $1::bigint`,
      [id],
    );
    return rows[0] ? toStoredEntity(model, rows[0]) : undefined;
  }

  async getByName(
    model: EntityModel,
    sourceId: string,
    name: string,
  ): Promise<StoredEntity | undefined> {
    // PostgreSQL text cannot hold NUL, so no stored row can match it.
    if (containsNul(sourceId) || containsNul(name)) return undefined;
    const rows = await this.dataSource.query<EntityRow[]>(
      `SELECT ${entitySelectList(model)} FROM ${from(model)} ` +
        `WHERE ${entityColumn(STANDARD_COLUMNS.sourceId)} = $1::text ` +
        `AND ${entityColumn(STANDARD_COLUMNS.name)} = $2::text`,
      [sourceId, name],
    );
    return rows[0] ? toStoredEntity(model, rows[0]) : undefined;
  }

  /** Values a UI can offer per `filterOption` field, over the given sources. */
  async filterOptions(model: EntityModel, sourceIds: readonly string[]): Promise<FilterOptions> {
    const filters: Record<string, FilterOption> = {};
    // One query per field, one after another: the embedded database serves a single connection.
    for (const field of model.fields) {
      if (!field.filterOption || field.kind === 'json') continue;
      filters[field.name] = await this.filterOption(model, field, sourceIds);
    }
    return { filters };
  }

  /** Entity count per source (all sources present in the table, or exactly the given ones). */
  async countBySource(
    model: EntityModel,
    sourceIds?: readonly string[],
  ): Promise<Map<string, number>> {
    const sourceColumn = entityColumn(STANDARD_COLUMNS.sourceId);
    const scoped = sourceIds !== undefined;
    const rows = await this.dataSource.query<{ source_id: string; count: string }[]>(
      `SELECT ${sourceColumn} AS source_id, count(*)::text AS count FROM ${from(model)} ` +
        `${scoped ? `WHERE ${sourceColumn} = ANY($1::text[]) ` : ''}GROUP BY ${sourceColumn}`,
      scoped ? [[...sourceIds]] : [],
    );
    const counts = new Map<string, number>((sourceIds ?? []).map((id) => [id, 0]));
    for (const row of rows) counts.set(row.source_id, Number(row.count));
    return counts;
  }

  private async page(request: PageRequest): Promise<EntityPage> {
    const { table, params, ordering, pageSize } = request;
    const conditions = [...request.conditions];
    if (request.nextPageToken) {
      const cursor = decodePageToken(request.nextPageToken, request.fingerprint, ordering);
      conditions.push(seekCondition(ordering, cursor, params));
    }
    // One row more than asked tells whether a next page exists without a count query.
    const limit = params.add(pageSize + 1, 'integer');
    const rows = await this.dataSource.query<EntityRow[]>(
      `SELECT ${entitySelectList(table)}, ${sortValueSelect(ordering, SORT_VALUE_ALIAS)} ` +
        `FROM ${from(table)} WHERE ${conditions.join(' AND ')} ` +
        `ORDER BY ${orderByClause(ordering)} LIMIT ${limit}`,
      params.values,
    );
    const pageRows = rows.slice(0, pageSize);
    const last = pageRows[pageRows.length - 1];
    const nextPageToken =
      rows.length > pageSize && last
        ? encodePageToken(
            { sortValue: sortValueOf(last), id: String(last.id) },
            request.fingerprint,
          )
        : '';
    const items = pageRows.map((row) => toStoredEntity(table, row));
    return { items, size: items.length, pageSize, nextPageToken };
  }

  private async filterOption(
    model: EntityModel,
    field: EntityField,
    sourceIds: readonly string[],
  ): Promise<FilterOption> {
    const column = entityColumn(field.column);
    const scope = `${entityColumn(STANDARD_COLUMNS.sourceId)} = ANY($1::text[])`;
    const params = [[...sourceIds]];
    if (field.kind === 'integer' || field.kind === 'number') {
      const [row] = await this.dataSource.query<{ min: string | null; max: string | null }[]>(
        `SELECT min(${column})::text AS min, max(${column})::text AS max FROM ${from(model)} ` +
          `WHERE ${scope}`,
        params,
      );
      return row && row.min !== null && row.max !== null
        ? { type: 'number', range: { min: Number(row.min), max: Number(row.max) } }
        : { type: 'number' };
    }
    const valuesSql =
      field.kind === 'string-list'
        ? `SELECT DISTINCT list_element.value AS value FROM ${from(model)} CROSS JOIN LATERAL ` +
          `jsonb_array_elements_text(CASE WHEN jsonb_typeof(${column}) = 'array' ` +
          `THEN ${column} ELSE '[]'::jsonb END) AS list_element(value) WHERE ${scope} ORDER BY 1`
        : `SELECT DISTINCT ${column} AS value FROM ${from(model)} ` +
          `WHERE ${scope} AND ${column} IS NOT NULL ORDER BY 1`;
    const rows = await this.dataSource.query<{ value: unknown }[]>(valuesSql, params);
    return { type: 'string', values: rows.map((row) => row.value) };
  }
}

function from(table: EntityTable): string {
  return `${quoteIdentifier(table.table)} AS ${ENTITY_ALIAS}`;
}

function sortValueOf(row: EntityRow): string | null {
  const value = row.__sort_value;
  return value === null || value === undefined ? null : String(value);
}

/**
 * `fieldValues` as `field IN (...)` expressions through the filterQuery compiler, so they accept and
 * reject exactly what filterQuery does for that field (unknown or unfilterable fields are a 400
 * naming the parameter).
 */
function fieldValueConditions(
  table: EntityTable,
  fieldValues: ChildListQuery['fieldValues'],
  params: SqlParameters,
): string[] {
  return Object.entries(fieldValues ?? {})
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) =>
      compileFilterExpression(
        {
          kind: 'in',
          field: { name, position: undefined },
          operatorPosition: undefined,
          values: values.map((value) => ({ type: 'string', value, position: undefined })),
        },
        table,
        params,
        { parameter: name, label: name },
      ),
    );
}

function fingerprintInput(
  table: string,
  query: EntityListQuery,
  ordering: ListOrdering,
  extra: Pick<ListFingerprintInput, 'parentId' | 'sourceIds' | 'fieldValues'>,
): ListFingerprintInput {
  return {
    table,
    ...extra,
    filterQuery: query.filterQuery,
    namedQuery: query.namedQuery,
    q: query.q,
    name: query.name,
    orderBy: ordering.key,
    sortOrder: ordering.direction,
  };
}
