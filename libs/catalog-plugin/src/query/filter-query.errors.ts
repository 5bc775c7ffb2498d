import { InvalidArgumentError } from '../errors/catalog-errors';
import type { FilterPosition } from './filter-query.ast';

/**
 * Where a filter expression came from, so one compiler reports problems of a user's filterQuery
 * (with a character position) and of a configured named query (by name) alike.
 */
export interface FilterOrigin {
  /** Request parameter the problem is reported against, e.g. `filterQuery`. */
  parameter: string;
  /** Prefix of every message, e.g. `filterQuery` or `namedQuery "small"`. */
  label: string;
}

export const FILTER_QUERY_ORIGIN: FilterOrigin = { parameter: 'filterQuery', label: 'filterQuery' };

export function namedQueryOrigin(name: string): FilterOrigin {
  return { parameter: 'namedQuery', label: `namedQuery ${JSON.stringify(name)}` };
}

export function filterError(
  origin: FilterOrigin,
  problem: string,
  position: FilterPosition,
): InvalidArgumentError {
  const where = position === undefined ? '' : ` at position ${position}`;
  const message = `${origin.label}: ${problem}${where}`;
  return new InvalidArgumentError(message, [
    position === undefined
      ? { field: origin.parameter, message }
      : { field: origin.parameter, message, column: position },
  ]);
}
