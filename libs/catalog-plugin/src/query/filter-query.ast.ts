/** The parsed form of a filterQuery (or of a named query), independent of any entity model. */

/** 1-based character offset into the filterQuery; absent for named queries (they come from config). */
export type FilterPosition = number | undefined;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE';

export type FilterLiteral =
  | { type: 'string'; value: string; position: FilterPosition }
  /** Kept as text so bigint-sized integers never lose precision on the way to SQL. */
  | { type: 'number'; text: string; integer: boolean; position: FilterPosition }
  | { type: 'boolean'; value: boolean; position: FilterPosition };

/** `toolCount`, or `customProperties.team` (name `customProperties`, key `team`). */
export interface FieldReference {
  name: string;
  key?: string;
  position: FilterPosition;
}

export type FilterExpression =
  | { kind: 'and' | 'or'; operands: FilterExpression[] }
  | { kind: 'not'; operand: FilterExpression }
  | {
      kind: 'compare';
      field: FieldReference;
      operator: ComparisonOperator;
      operatorPosition: FilterPosition;
      value: FilterLiteral;
    }
  | { kind: 'in'; field: FieldReference; operatorPosition: FilterPosition; values: FilterLiteral[] }
  | { kind: 'is-null'; field: FieldReference; operatorPosition: FilterPosition; negated: boolean };

export function allOf(expressions: FilterExpression[]): FilterExpression | undefined {
  if (expressions.length === 0) return undefined;
  if (expressions.length === 1) return expressions[0];
  return { kind: 'and', operands: expressions };
}
