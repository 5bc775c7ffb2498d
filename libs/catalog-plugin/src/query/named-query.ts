import type { FieldFilterConfig, NamedQueriesConfig } from '../config/sources-config';
import { InvalidArgumentError } from '../errors/catalog-errors';
import type { ComparisonOperator, FilterExpression, FilterLiteral } from './filter-query.ast';
import { allOf } from './filter-query.ast';
import { FilterOrigin, filterError, namedQueryOrigin } from './filter-query.errors';
import { parseFieldReference } from './filter-query.parser';

const COMPARISON_OPERATORS: Record<string, ComparisonOperator> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  LIKE: 'LIKE',
  ILIKE: 'ILIKE',
};

/**
 * Turns a configured named query (`{ toolCount: { operator: '<', value: 5 } }`) into the same
 * expression tree a filterQuery parses to, so both go through one compiler. Field filters are ANDed.
 * Unknown names are a 400, like an unknown filterQuery field.
 */
export function namedQueryExpression(
  name: string,
  namedQueries: NamedQueriesConfig,
): FilterExpression | undefined {
  if (!Object.hasOwn(namedQueries, name)) {
    const known = Object.keys(namedQueries).sort();
    const message = `unknown named query ${JSON.stringify(name)}${
      known.length ? ` (known: ${known.join(', ')})` : ''
    }`;
    throw new InvalidArgumentError(message, [{ field: 'namedQuery', message }]);
  }
  const origin = namedQueryOrigin(name);
  return allOf(
    Object.entries(namedQueries[name] ?? {}).map(([fieldName, filter]) =>
      fieldFilterExpression(fieldName, filter, origin),
    ),
  );
}

function fieldFilterExpression(
  fieldName: string,
  filter: FieldFilterConfig,
  origin: FilterOrigin,
): FilterExpression {
  const field = parseFieldReference(fieldName, origin);
  const operator = String(filter.operator).trim().replace(/\s+/g, ' ').toUpperCase();
  const at = { operatorPosition: undefined };
  switch (operator) {
    case 'IS NULL':
    case 'IS NOT NULL':
      return { kind: 'is-null', field, ...at, negated: operator === 'IS NOT NULL' };
    case 'IN':
    case 'NOT IN': {
      const values = Array.isArray(filter.value) ? filter.value : [filter.value];
      if (values.length === 0)
        throw filterError(origin, `empty IN list for ${fieldName}`, undefined);
      const node: FilterExpression = {
        kind: 'in',
        field,
        ...at,
        values: values.map((value) => toLiteral(value, fieldName, origin)),
      };
      return operator === 'IN' ? node : { kind: 'not', operand: node };
    }
    default: {
      // `NOT LIKE` / `NOT ILIKE` are the complement of LIKE / ILIKE, as in a filterQuery.
      const negated = /^NOT I?LIKE$/.test(operator);
      const base = negated ? operator.slice('NOT '.length) : operator;
      const comparison = Object.hasOwn(COMPARISON_OPERATORS, base)
        ? COMPARISON_OPERATORS[base]
        : undefined;
      if (!comparison) {
        throw filterError(
          origin,
          `unsupported operator ${JSON.stringify(filter.operator)} for ${fieldName}`,
          undefined,
        );
      }
      const node: FilterExpression = {
        kind: 'compare',
        field,
        operator: comparison,
        ...at,
        value: toLiteral(filter.value, fieldName, origin),
      };
      return negated ? { kind: 'not', operand: node } : node;
    }
  }
}

function toLiteral(value: unknown, fieldName: string, origin: FilterOrigin): FilterLiteral {
  if (typeof value === 'string') return { type: 'string', value, position: undefined };
  if (typeof value === 'boolean') return { type: 'boolean', value, position: undefined };
  if (typeof value === 'number' && Number.isFinite(value)) {
    return {
      type: 'number',
      text: String(value),
      integer: Number.isInteger(value),
      position: undefined,
    };
  }
  throw filterError(
    origin,
    `value for ${fieldName} must be a string, number or boolean (or a list of them for IN)`,
    undefined,
  );
}
