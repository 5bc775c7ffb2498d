import type { EntityTable } from '../entity/entity-model';
import { STANDARD_COLUMNS } from '../entity/entity-model';
import { SqlParameters, entityColumn } from './sql-parameters';

/** Makes user text match literally inside a LIKE pattern (backslash is PostgreSQL's default escape). */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * `q`: case-insensitive substring over `name` and every searchable field; a list field matches when
 * any element does.
 */
export function textSearchCondition(table: EntityTable, q: string, params: SqlParameters): string {
  const pattern = params.add(`%${escapeLikePattern(q)}%`, 'text');
  const targets = [
    `${entityColumn(STANDARD_COLUMNS.name)} ILIKE ${pattern}`,
    ...table.fields
      .filter((f) => f.searchable)
      .map((f) => {
        const column = entityColumn(f.column);
        if (f.kind === 'string-list') {
          return (
            `(CASE WHEN jsonb_typeof(${column}) = 'array' THEN EXISTS (SELECT 1 FROM ` +
            `jsonb_array_elements_text(${column}) AS list_element(value) ` +
            `WHERE list_element.value ILIKE ${pattern}) ELSE false END)`
          );
        }
        return f.kind === 'string'
          ? `${column} ILIKE ${pattern}`
          : `${column}::text ILIKE ${pattern}`;
      }),
  ];
  return `(${targets.join(' OR ')})`;
}

/** `name`: a LIKE pattern on the entity name (`%` and `_` are wildcards, as in SQL). */
export function namePatternCondition(pattern: string, params: SqlParameters): string {
  return `${entityColumn(STANDARD_COLUMNS.name)} LIKE ${params.add(pattern, 'text')}`;
}
