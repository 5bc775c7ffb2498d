import type { EntityTable } from '../entity/entity-model';
import { STANDARD_COLUMNS } from '../entity/entity-model';
import { InvalidArgumentError } from '../errors/catalog-errors';
import { SqlParameters, containsNul, entityColumn } from './sql-parameters';

/** Makes user text match literally inside a LIKE pattern (backslash is PostgreSQL's default escape). */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * Why PostgreSQL would reject a LIKE pattern (it ends with the escape character), if it would.
 * Whether it raises depends on the rows compared, so it is checked up front.
 */
export function likePatternProblem(pattern: string): string | undefined {
  const trailingBackslashes = /\\*$/.exec(pattern)![0].length;
  return trailingBackslashes % 2 === 1
    ? 'LIKE pattern must not end with an unescaped backslash'
    : undefined;
}

/**
 * `q`: case-insensitive substring over `name` and every searchable field; a list field matches when
 * any element does.
 */
export function textSearchCondition(table: EntityTable, q: string, params: SqlParameters): string {
  rejectNul('q', q);
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
  rejectNul('name', pattern);
  const problem = likePatternProblem(pattern);
  if (problem)
    throw new InvalidArgumentError(`name: ${problem}`, [{ field: 'name', message: problem }]);
  return `${entityColumn(STANDARD_COLUMNS.name)} LIKE ${params.add(pattern, 'text')}`;
}

function rejectNul(field: string, value: string): void {
  if (containsNul(value)) {
    const message = 'must not contain NUL characters';
    throw new InvalidArgumentError(`${field}: ${message}`, [{ field, message }]);
  }
}
