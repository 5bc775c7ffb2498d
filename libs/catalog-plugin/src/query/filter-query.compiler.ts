import type { EntityTable } from '../entity/entity-model';
import type {
  ComparisonOperator,
  FilterExpression,
  FilterLiteral,
  FilterPosition,
} from './filter-query.ast';
import { FilterOrigin, filterError } from './filter-query.errors';
import { ColumnTarget, CustomPropertyTarget, resolveFilterTarget } from './filter-targets';
import { fitsBigint } from './bigint-text';
import { SqlParameters, entityColumn } from './sql-parameters';
import { likePatternProblem } from './text-search';

/**
 * Text that PostgreSQL's numeric input accepts, written without backslashes so it means the same
 * whatever standard_conforming_strings says. Exponents are capped so a cast can never overflow.
 */
const NUMERIC_TEXT_REGEX =
  "'^[[:space:]]*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]{1,3})?[[:space:]]*$'";

type Comparison = Extract<FilterExpression, { kind: 'compare' | 'in' | 'is-null' }>;

/**
 * Compiles an expression tree to a boolean SQL condition over the entity table (aliased `e`),
 * binding every literal and every customProperties key into `params`.
 *
 * NOT is the complement of its operand (`(x) IS NOT TRUE`), so `NOT license = 'MIT'` also returns
 * rows without a license; comparisons themselves never match a missing value.
 */
export function compileFilterExpression(
  expression: FilterExpression,
  table: EntityTable,
  params: SqlParameters,
  origin: FilterOrigin,
): string {
  return new FilterCompiler(table, params, origin).compile(expression);
}

class FilterCompiler {
  constructor(
    private readonly table: EntityTable,
    private readonly params: SqlParameters,
    private readonly origin: FilterOrigin,
  ) {}

  compile(expression: FilterExpression): string {
    switch (expression.kind) {
      case 'and':
      case 'or':
        return `(${expression.operands
          .map((operand) => this.compile(operand))
          .join(expression.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `((${this.compile(expression.operand)}) IS NOT TRUE)`;
      default:
        return this.comparison(expression);
    }
  }

  private comparison(node: Comparison): string {
    const target = resolveFilterTarget(this.table, node.field, this.origin);
    return target.type === 'column'
      ? this.columnComparison(target, node)
      : this.customPropertyComparison(target, node);
  }

  // ---- real columns -------------------------------------------------------------------------

  private columnComparison(target: ColumnTarget, node: Comparison): string {
    const column = entityColumn(target.column);
    if (node.kind === 'is-null') {
      if (target.kind === 'string-list') {
        const empty = `(${column} IS NULL OR ${column} IN ('[]'::jsonb, 'null'::jsonb))`;
        return node.negated ? `(NOT ${empty})` : empty;
      }
      return `(${column} IS ${node.negated ? 'NOT ' : ''}NULL)`;
    }
    switch (target.kind) {
      case 'string':
        return this.scalar(column, 'text', node, (literal) => this.requireText(target, literal));
      case 'integer':
      case 'number': {
        this.rejectPatternOperator(node, `numeric field ${JSON.stringify(target.name)}`);
        const literals = node.kind === 'in' ? node.values : [node.value];
        const texts = literals.map((literal) => this.requireNumberText(target, literal));
        const sqlType =
          target.kind === 'number'
            ? 'double precision'
            : texts.every(fitsBigint)
              ? 'bigint'
              : 'numeric';
        return this.scalar(column, sqlType, node, (_literal, index) => texts[index]);
      }
      case 'boolean':
        return this.booleanComparison(column, target.name, node, (literal) =>
          this.requireBoolean(target.name, literal, true),
        );
      case 'string-list':
        return this.stringListComparison(column, target, node);
    }
  }

  /** A list matches when any of its elements matches. */
  private stringListComparison(
    column: string,
    target: ColumnTarget,
    node: Extract<Comparison, { kind: 'compare' | 'in' }>,
  ): string {
    if (node.kind === 'in') {
      const values = node.values.map((literal) => this.requireText(target, literal));
      return `(jsonb_typeof(${column}) = 'array' AND ${column} ?| ${this.params.add(values, 'text[]')})`;
    }
    const value = this.requireText(target, node.value);
    this.checkPattern(node, value);
    if (node.operator === '=') {
      // Containment instead of unnesting: a GIN index on the column can serve it.
      return `(${column} @> jsonb_build_array(${this.params.add(value, 'text')}))`;
    }
    // CASE guarantees jsonb_array_elements_text never sees a scalar (which would raise).
    return (
      `(CASE WHEN jsonb_typeof(${column}) = 'array' THEN EXISTS (SELECT 1 FROM ` +
      `jsonb_array_elements_text(${column}) AS list_element(value) WHERE list_element.value ` +
      `${sqlOperator(node.operator)} ${this.params.add(value, 'text')}) ELSE false END)`
    );
  }

  // ---- customProperties.<key> ---------------------------------------------------------------

  private customPropertyComparison(target: CustomPropertyTarget, node: Comparison): string {
    const key = this.params.add(target.key, 'text');
    const value = `(${entityColumn(target.column)} -> ${key})`;
    if (node.kind === 'is-null') {
      return `(COALESCE(jsonb_typeof(${value}), 'null') ${node.negated ? '<>' : '='} 'null')`;
    }
    const literals = node.kind === 'in' ? node.values : [node.value];
    const type = literals[0].type;
    const mixed = literals.find((literal) => literal.type !== type);
    if (mixed) {
      throw this.error(`IN list mixes ${type} and ${mixed.type} values`, mixed.position);
    }
    const metadata = target.style === 'metadata-value';
    switch (type) {
      case 'string': {
        const text = metadata
          ? `COALESCE(${value} ->> 'string_value', ${value} ->> 'int_value', ` +
            `${value} ->> 'double_value', ${value} ->> 'bool_value')`
          : `(${entityColumn(target.column)} ->> ${key})`;
        return this.scalar(text, 'text', node, (literal) => (literal as { value: string }).value);
      }
      case 'number': {
        this.rejectPatternOperator(node, 'a number');
        const texts = literals.map((literal) => this.finiteNumberText(literal));
        // Non-numeric stored values become NULL (no match) instead of a cast error.
        const raw = metadata
          ? `COALESCE(${value} ->> 'int_value', ${value} ->> 'double_value')`
          : `(CASE WHEN jsonb_typeof(${value}) IN ('number', 'string') THEN ${value} #>> '{}' END)`;
        const numeric = `(CASE WHEN ${raw} ~ ${NUMERIC_TEXT_REGEX} THEN (${raw})::numeric END)`;
        return this.scalar(numeric, 'numeric', node, (_literal, index) => texts[index]);
      }
      case 'boolean': {
        const raw = metadata
          ? `lower(${value} ->> 'bool_value')`
          : `(CASE WHEN jsonb_typeof(${value}) IN ('boolean', 'string') THEN lower(${value} #>> '{}') END)`;
        const bool = `(CASE WHEN ${raw} IN ('true', 'false') THEN (${raw})::boolean END)`;
        return this.booleanComparison(bool, target.name, node, (literal) =>
          this.requireBoolean(target.name, literal, false),
        );
      }
    }
  }

  // ---- shared pieces ------------------------------------------------------------------------

  /** `expr op $n::type`, or `expr = ANY($n::type[])` for IN. */
  private scalar(
    expression: string,
    sqlType: string,
    node: Extract<Comparison, { kind: 'compare' | 'in' }>,
    bind: (literal: FilterLiteral, index: number) => string,
  ): string {
    if (node.kind === 'in') {
      const values = node.values.map((literal, index) => bind(literal, index));
      return `(${expression} = ANY(${this.params.add(values, `${sqlType}[]`)}))`;
    }
    const value = bind(node.value, 0);
    this.checkPattern(node, value);
    return `(${expression} ${sqlOperator(node.operator)} ${this.params.add(value, sqlType)})`;
  }

  private checkPattern(node: Extract<Comparison, { kind: 'compare' }>, pattern: string): void {
    if (node.operator !== 'LIKE' && node.operator !== 'ILIKE') return;
    const problem = likePatternProblem(pattern);
    if (problem) throw this.error(problem, node.value.position);
  }

  private booleanComparison(
    expression: string,
    name: string,
    node: Extract<Comparison, { kind: 'compare' | 'in' }>,
    bind: (literal: FilterLiteral) => boolean,
  ): string {
    if (node.kind === 'in' || (node.operator !== '=' && node.operator !== '!=')) {
      const operator = node.kind === 'in' ? 'IN' : node.operator;
      throw this.error(
        `operator ${operator} is not supported for boolean ${JSON.stringify(name)}; use = or !=`,
        node.operatorPosition,
      );
    }
    const value = bind(node.value);
    return `(${expression} ${sqlOperator(node.operator)} ${this.params.add(value, 'boolean')})`;
  }

  private rejectPatternOperator(
    node: Extract<Comparison, { kind: 'compare' | 'in' }>,
    what: string,
  ) {
    if (node.kind === 'compare' && (node.operator === 'LIKE' || node.operator === 'ILIKE')) {
      throw this.error(
        `operator ${node.operator} is not supported for ${what}`,
        node.operatorPosition,
      );
    }
  }

  private requireText(target: ColumnTarget, literal: FilterLiteral): string {
    if (literal.type !== 'string') {
      throw this.mismatch(target.name, 'a string', literal);
    }
    return literal.value;
  }

  private requireNumberText(target: ColumnTarget, literal: FilterLiteral): string {
    if (literal.type === 'string' && target.acceptsNumericText && /^-?\d+$/.test(literal.value)) {
      return literal.value;
    }
    if (literal.type !== 'number') throw this.mismatch(target.name, 'a number', literal);
    return this.finiteNumberText(literal);
  }

  private finiteNumberText(literal: FilterLiteral): string {
    if (literal.type !== 'number') throw this.error('expected a number', literal.position);
    const value = Number(literal.text);
    // Beyond double range, or so small it rounds to zero: a double precision cast would raise.
    const mantissa = literal.text.split(/[eE]/)[0];
    if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(mantissa))) {
      throw this.error(`number ${literal.text} is out of range`, literal.position);
    }
    return literal.text;
  }

  private requireBoolean(name: string, literal: FilterLiteral, acceptText: boolean): boolean {
    if (literal.type === 'boolean') return literal.value;
    if (acceptText && literal.type === 'string') {
      const lowered = literal.value.toLowerCase();
      if (lowered === 'true' || lowered === 'false') return lowered === 'true';
    }
    throw this.mismatch(name, 'true or false', literal);
  }

  private mismatch(name: string, expected: string, literal: FilterLiteral): Error {
    const found = literal.type === 'boolean' ? 'a boolean' : `a ${literal.type}`;
    return this.error(
      `type mismatch: ${JSON.stringify(name)} expects ${expected}, found ${found}`,
      literal.position,
    );
  }

  private error(problem: string, position: FilterPosition): Error {
    return filterError(this.origin, problem, position);
  }
}

function sqlOperator(operator: ComparisonOperator): string {
  return operator === '!=' ? '<>' : operator;
}
