import type { FieldReference, FilterExpression, FilterLiteral } from './filter-query.ast';
import { FILTER_QUERY_ORIGIN, FilterOrigin, filterError } from './filter-query.errors';
import { FilterKeyword, FilterToken, tokenizeFilterQuery } from './filter-query.lexer';

export const MAX_FILTER_QUERY_LENGTH = 4096;
/** Parentheses and NOTs nested deeper than this are rejected before they can exhaust the stack. */
export const MAX_FILTER_QUERY_DEPTH = 50;

/**
 * Parses a filterQuery into an expression tree; `undefined` for a blank query.
 *
 *   or         := and ( OR and )*
 *   and        := unary ( AND unary )*
 *   unary      := NOT unary | '(' or ')' | comparison
 *   comparison := field ( op literal | [NOT] (LIKE|ILIKE) literal | [NOT] IN '(' literal (',' literal)* ')'
 *                       | IS [NOT] NULL )
 */
export function parseFilterQuery(
  text: string,
  origin: FilterOrigin = FILTER_QUERY_ORIGIN,
): FilterExpression | undefined {
  if (text.length > MAX_FILTER_QUERY_LENGTH) {
    throw filterError(
      origin,
      `longer than ${MAX_FILTER_QUERY_LENGTH} characters`,
      MAX_FILTER_QUERY_LENGTH + 1,
    );
  }
  if (text.trim() === '') return undefined;
  return new FilterParser(tokenizeFilterQuery(text, origin), origin).parse();
}

/** Parses a lone field reference, e.g. a named query's field name `customProperties.team`. */
export function parseFieldReference(text: string, origin: FilterOrigin): FieldReference {
  const tokens = tokenizeFilterQuery(text, origin);
  const [first, second] = tokens;
  if (first.type !== 'identifier' || second.type !== 'end') {
    throw filterError(origin, `invalid field name ${JSON.stringify(text)}`, undefined);
  }
  return { name: first.name, key: first.key, position: undefined };
}

class FilterParser {
  private index = 0;

  constructor(
    private readonly tokens: FilterToken[],
    private readonly origin: FilterOrigin,
  ) {}

  parse(): FilterExpression {
    const expression = this.parseOr(0);
    const next = this.peek();
    if (next.type !== 'end') throw this.syntaxError(next, 'AND, OR or end of query');
    return expression;
  }

  private parseOr(depth: number): FilterExpression {
    const operands = [this.parseAnd(depth)];
    while (this.acceptKeyword('OR')) operands.push(this.parseAnd(depth));
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(depth: number): FilterExpression {
    const operands = [this.parseUnary(depth)];
    while (this.acceptKeyword('AND')) operands.push(this.parseUnary(depth));
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseUnary(depth: number): FilterExpression {
    const token = this.peek();
    if (token.type === 'keyword' && token.keyword === 'NOT') {
      this.enter(depth, token);
      this.index++;
      return { kind: 'not', operand: this.parseUnary(depth + 1) };
    }
    if (token.type === 'punctuation' && token.symbol === '(') {
      this.enter(depth, token);
      this.index++;
      const inner = this.parseOr(depth + 1);
      this.expectPunctuation(')', 'closing ")"');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterExpression {
    const token = this.next();
    if (token.type !== 'identifier') throw this.syntaxError(token, 'a field name');
    const field: FieldReference = { name: token.name, key: token.key, position: token.position };
    const op = this.next();
    const operatorPosition = op.position;
    if (op.type === 'operator') {
      return {
        kind: 'compare',
        field,
        operator: op.operator,
        operatorPosition,
        value: this.literal(),
      };
    }
    if (op.type !== 'keyword') throw this.syntaxError(op, 'a comparison operator');
    switch (op.keyword) {
      case 'LIKE':
      case 'ILIKE':
        return {
          kind: 'compare',
          field,
          operator: op.keyword,
          operatorPosition,
          value: this.literal(),
        };
      case 'IN':
        return { kind: 'in', field, operatorPosition, values: this.literalList() };
      case 'IS': {
        const negated = this.acceptKeyword('NOT');
        const nullToken = this.next();
        if (nullToken.type !== 'keyword' || nullToken.keyword !== 'NULL') {
          throw this.syntaxError(nullToken, negated ? 'NULL' : 'NULL or NOT NULL');
        }
        return { kind: 'is-null', field, operatorPosition, negated };
      }
      case 'NOT': {
        // `a NOT LIKE b` / `a NOT IN (...)` are sugar for NOT (a LIKE b) / NOT (a IN (...)).
        const inner = this.next();
        if (inner.type === 'keyword' && (inner.keyword === 'LIKE' || inner.keyword === 'ILIKE')) {
          const value = this.literal();
          return {
            kind: 'not',
            operand: { kind: 'compare', field, operator: inner.keyword, operatorPosition, value },
          };
        }
        if (inner.type === 'keyword' && inner.keyword === 'IN') {
          return {
            kind: 'not',
            operand: { kind: 'in', field, operatorPosition, values: this.literalList() },
          };
        }
        throw this.syntaxError(inner, 'LIKE, ILIKE or IN after NOT');
      }
      default:
        throw this.syntaxError(op, 'a comparison operator');
    }
  }

  private literalList(): FilterLiteral[] {
    const open = this.expectPunctuation('(', '"(" after IN');
    const close = this.peek();
    if (close.type === 'punctuation' && close.symbol === ')') {
      throw filterError(this.origin, 'empty IN list', open.position);
    }
    const values = [this.literal()];
    while (this.acceptPunctuation(',')) values.push(this.literal());
    this.expectPunctuation(')', '"," or ")" in IN list');
    return values;
  }

  private literal(): FilterLiteral {
    const token = this.next();
    switch (token.type) {
      case 'string':
        return { type: 'string', value: token.value, position: token.position };
      case 'number':
        return {
          type: 'number',
          text: token.text,
          integer: token.integer,
          position: token.position,
        };
      case 'keyword':
        if (token.keyword === 'TRUE' || token.keyword === 'FALSE') {
          return { type: 'boolean', value: token.keyword === 'TRUE', position: token.position };
        }
        if (token.keyword === 'NULL') {
          throw filterError(
            this.origin,
            'use IS NULL or IS NOT NULL to test for null',
            token.position,
          );
        }
        break;
      default:
        break;
    }
    throw this.syntaxError(token, 'a value (quoted string, number, true or false)');
  }

  private enter(depth: number, token: FilterToken): void {
    if (depth + 1 > MAX_FILTER_QUERY_DEPTH) {
      throw filterError(
        this.origin,
        `nested deeper than ${MAX_FILTER_QUERY_DEPTH} levels`,
        token.position,
      );
    }
  }

  private peek(): FilterToken {
    return this.tokens[this.index];
  }

  private next(): FilterToken {
    const token = this.tokens[this.index];
    if (token.type !== 'end') this.index++;
    return token;
  }

  private acceptKeyword(keyword: FilterKeyword): boolean {
    const token = this.peek();
    if (token.type === 'keyword' && token.keyword === keyword) {
      this.index++;
      return true;
    }
    return false;
  }

  private acceptPunctuation(symbol: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token.type === 'punctuation' && token.symbol === symbol) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectPunctuation(symbol: '(' | ')' | ',', expected: string): FilterToken {
    const token = this.next();
    if (token.type !== 'punctuation' || token.symbol !== symbol) {
      throw this.syntaxError(token, expected);
    }
    return token;
  }

  private syntaxError(token: FilterToken, expected: string): Error {
    return filterError(
      this.origin,
      `syntax error: expected ${expected} but found ${describeToken(token)}`,
      token.position,
    );
  }
}

function describeToken(token: FilterToken): string {
  switch (token.type) {
    case 'end':
      return 'end of query';
    case 'identifier':
      return `field ${JSON.stringify(token.key === undefined ? token.name : `${token.name}.${token.key}`)}`;
    case 'string':
      return 'a string';
    case 'number':
      return `number ${token.text}`;
    case 'keyword':
      return token.keyword;
    case 'operator':
      return `"${token.operator}"`;
    case 'punctuation':
      return `"${token.symbol}"`;
  }
}
