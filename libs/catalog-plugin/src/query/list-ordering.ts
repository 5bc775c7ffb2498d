import type { EntityTable } from '../entity/entity-model';
import { STANDARD_COLUMNS } from '../entity/entity-model';
import { InvalidArgumentError } from '../errors/catalog-errors';
import { SqlParameters, entityColumn } from './sql-parameters';

export type SortDirection = 'ASC' | 'DESC';

export const STANDARD_ORDER_BY = ['NAME', 'ID', 'CREATE_TIME', 'LAST_UPDATE_TIME'] as const;

/** The resolved orderBy/sortOrder of one list request. */
export interface ListOrdering {
  /** Canonical orderBy (`NAME`, …, or the sortable field's API name); part of the token fingerprint. */
  key: string;
  column: string;
  /** SQL type the cursor's sort value is cast to when it is bound. */
  sqlType: 'text' | 'bigint' | 'double precision' | 'boolean';
  nullable: boolean;
  direction: SortDirection;
}

/** The position after the last row of a page: its sort value (as PostgreSQL text) and its id. */
export interface PageCursor {
  sortValue: string | null;
  id: string;
}

const SQL_TYPE_BY_KIND = {
  string: 'text',
  integer: 'bigint',
  number: 'double precision',
  boolean: 'boolean',
} as const;

export function resolveListOrdering(
  table: EntityTable,
  orderBy: string | undefined,
  sortOrder: string | undefined,
): ListOrdering {
  return { ...resolveSortColumn(table, orderBy), direction: resolveDirection(sortOrder) };
}

function resolveSortColumn(
  table: EntityTable,
  orderBy: string | undefined,
): Omit<ListOrdering, 'direction'> {
  const requested = orderBy?.trim() || 'NAME';
  const field = table.fields.find((f) => f.sortable && f.name === requested);
  if (field) {
    if (!Object.hasOwn(SQL_TYPE_BY_KIND, field.kind)) {
      throw orderByError(
        `orderBy ${JSON.stringify(requested)}: ${field.kind} fields cannot be sorted`,
      );
    }
    const kind = field.kind as keyof typeof SQL_TYPE_BY_KIND;
    return {
      key: field.name,
      column: field.column,
      sqlType: SQL_TYPE_BY_KIND[kind],
      nullable: true,
    };
  }
  switch (requested.toUpperCase()) {
    case 'NAME':
      // Child rows (e.g. artifacts) may have no name.
      return {
        key: 'NAME',
        column: STANDARD_COLUMNS.name,
        sqlType: 'text',
        nullable: 'parentColumn' in table,
      };
    case 'ID':
      return { key: 'ID', column: STANDARD_COLUMNS.id, sqlType: 'bigint', nullable: false };
    case 'CREATE_TIME':
      return {
        key: 'CREATE_TIME',
        column: STANDARD_COLUMNS.createTime,
        sqlType: 'bigint',
        nullable: false,
      };
    case 'LAST_UPDATE_TIME':
      return {
        key: 'LAST_UPDATE_TIME',
        column: STANDARD_COLUMNS.lastUpdateTime,
        sqlType: 'bigint',
        nullable: false,
      };
  }
  const allowed = [
    ...STANDARD_ORDER_BY,
    ...table.fields.filter((f) => f.sortable).map((f) => f.name),
  ];
  throw orderByError(
    `orderBy ${JSON.stringify(requested)} is not supported; use one of ${allowed.join(', ')}`,
  );
}

function resolveDirection(sortOrder: string | undefined): SortDirection {
  const normalized = sortOrder?.trim().toUpperCase() || 'ASC';
  if (normalized === 'ASC' || normalized === 'DESC') return normalized;
  const message = `sortOrder must be ASC or DESC`;
  throw new InvalidArgumentError(message, [{ field: 'sortOrder', message }]);
}

function orderByError(message: string): InvalidArgumentError {
  return new InvalidArgumentError(message, [{ field: 'orderBy', message }]);
}

/**
 * ORDER BY with `id` as tiebreaker in the same direction, NULLs last ascending and first
 * descending (PostgreSQL's defaults, so a btree index on (column, id) serves either direction).
 */
export function orderByClause(ordering: ListOrdering): string {
  const id = entityColumn(STANDARD_COLUMNS.id);
  if (ordering.column === STANDARD_COLUMNS.id) return `${id} ${ordering.direction}`;
  const nulls = ordering.direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST';
  return `${entityColumn(ordering.column)} ${ordering.direction} ${nulls}, ${id} ${ordering.direction}`;
}

/** Selects the cursor's sort value as text, the form PageCursor carries it in. */
export function sortValueSelect(ordering: ListOrdering, alias: string): string {
  return `${entityColumn(ordering.column)}::text AS ${alias}`;
}

/** The condition "comes after the cursor" in the order of `orderByClause`. */
export function seekCondition(
  ordering: ListOrdering,
  cursor: PageCursor,
  params: SqlParameters,
): string {
  const id = entityColumn(STANDARD_COLUMNS.id);
  const after = ordering.direction === 'ASC' ? '>' : '<';
  const idValue = params.add(cursor.id, 'bigint');
  if (ordering.column === STANDARD_COLUMNS.id) return `${id} ${after} ${idValue}`;

  const column = entityColumn(ordering.column);
  if (cursor.sortValue === null) {
    // The cursor is inside the NULL block: last in ASC (only NULLs remain), first in DESC.
    return ordering.direction === 'ASC'
      ? `(${column} IS NULL AND ${id} > ${idValue})`
      : `((${column} IS NULL AND ${id} < ${idValue}) OR ${column} IS NOT NULL)`;
  }
  const value = params.add(cursor.sortValue, ordering.sqlType);
  // The redundant single-column bound lets an index on the sort column alone narrow the scan;
  // the row comparison does the exact (value, id) cut.
  const bound = ordering.direction === 'ASC' ? '>=' : '<=';
  const seek = `(${column} ${bound} ${value} AND (${column}, ${id}) ${after} (${value}, ${idValue}))`;
  return ordering.nullable && ordering.direction === 'ASC'
    ? `(${seek} OR ${column} IS NULL)`
    : seek;
}
