import { InvalidArgumentError } from '../errors/catalog-errors';

/**
 * Collects bound values for one statement. Every user-supplied value goes through here, so the
 * only things ever written into SQL text are `$n` placeholders and schema identifiers.
 */
export class SqlParameters {
  private readonly bound: unknown[] = [];

  /** Binds a value and returns its placeholder, with a cast when given (e.g. `$3::bigint`). */
  add(value: unknown, cast?: string): string {
    if (containsNul(value)) {
      // Callers check their inputs with better messages; this is the backstop against a driver error.
      const message = 'text must not contain NUL characters';
      throw new InvalidArgumentError(message, [{ message }]);
    }
    this.bound.push(value);
    const placeholder = `$${this.bound.length}`;
    return cast ? `${placeholder}::${cast}` : placeholder;
  }

  get values(): unknown[] {
    return [...this.bound];
  }
}

export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  return Array.isArray(value) && value.some(containsNul);
}

/** Quotes a schema identifier (table or column name declared by a plugin's EntityModel). */
export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** Table alias every statement of the query engine uses for the entity table. */
export const ENTITY_ALIAS = 'e';

/** `e."column"`: column references are qualified so correlated subqueries can never capture them. */
export function entityColumn(column: string): string {
  return `${ENTITY_ALIAS}.${quoteIdentifier(column)}`;
}
