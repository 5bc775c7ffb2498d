import { FILTER_QUERY_ORIGIN, FilterOrigin, filterError } from './filter-query.errors';

export const FILTER_KEYWORDS = [
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'ILIKE',
  'IN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
] as const;
export type FilterKeyword = (typeof FILTER_KEYWORDS)[number];

export type SymbolOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Every token carries its 1-based position so errors can point at it. */
export type FilterToken =
  | { type: 'identifier'; name: string; key?: string; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; text: string; integer: boolean; position: number }
  | { type: 'keyword'; keyword: FilterKeyword; position: number }
  | { type: 'operator'; operator: SymbolOperator; position: number }
  | { type: 'punctuation'; symbol: '(' | ')' | ','; position: number }
  | { type: 'end'; position: number };

const KEYWORDS = new Set<string>(FILTER_KEYWORDS);
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
/** Unquoted customProperties keys also allow `-` and `.` (e.g. `customProperties.app.kubernetes.io-name`). */
const PROPERTY_KEY_PART = /[A-Za-z0-9_.-]/;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/;
const WHITESPACE = /\s/;

export function tokenizeFilterQuery(
  text: string,
  origin: FilterOrigin = FILTER_QUERY_ORIGIN,
): FilterToken[] {
  return new FilterLexer(text, origin).tokenize();
}

class FilterLexer {
  private index = 0;
  private readonly tokens: FilterToken[] = [];

  constructor(
    private readonly text: string,
    private readonly origin: FilterOrigin,
  ) {}

  tokenize(): FilterToken[] {
    // PostgreSQL text cannot hold NUL; reject it here rather than fail in the driver.
    const nul = this.text.indexOf('\0');
    if (nul >= 0) throw filterError(this.origin, 'NUL character is not allowed', nul + 1);
    while (this.index < this.text.length) {
      const ch = this.text[this.index];
      const position = this.index + 1;
      if (WHITESPACE.test(ch)) {
        this.index++;
      } else if (ch === "'") {
        this.tokens.push({ type: 'string', value: this.readQuoted("'", 'string'), position });
      } else if (/\d/.test(ch) || (ch === '-' && /\d/.test(this.text[this.index + 1] ?? ''))) {
        this.readNumber(position);
      } else if (IDENTIFIER_START.test(ch)) {
        this.readIdentifier(position);
      } else if (ch === '(' || ch === ')' || ch === ',') {
        this.tokens.push({ type: 'punctuation', symbol: ch, position });
        this.index++;
      } else {
        this.readOperator(ch, position);
      }
    }
    this.tokens.push({ type: 'end', position: this.text.length + 1 });
    return this.tokens;
  }

  private readOperator(ch: string, position: number): void {
    const two = this.text.slice(this.index, this.index + 2);
    let operator: SymbolOperator;
    if (two === '!=' || two === '<>') operator = '!=';
    else if (two === '<=' || two === '>=') operator = two;
    else if (ch === '=' || ch === '<' || ch === '>') operator = ch;
    else throw filterError(this.origin, `unexpected character ${JSON.stringify(ch)}`, position);
    this.index += operator === ch ? 1 : 2;
    this.tokens.push({ type: 'operator', operator, position });
  }

  private readNumber(position: number): void {
    const match = NUMBER.exec(this.text.slice(this.index));
    const text = match![0];
    this.index += text.length;
    const next = this.text[this.index];
    // `12abc` or `1.2.3` is a typo, not a number followed by a field name.
    if (next !== undefined && (IDENTIFIER_PART.test(next) || next === '.')) {
      throw filterError(this.origin, `invalid number`, position);
    }
    this.tokens.push({
      type: 'number',
      text,
      integer: match![1] === undefined && !match![2],
      position,
    });
  }

  private readIdentifier(position: number): void {
    const start = this.index;
    while (this.index < this.text.length && IDENTIFIER_PART.test(this.text[this.index])) {
      this.index++;
    }
    const name = this.text.slice(start, this.index);
    if (this.text[this.index] !== '.') {
      const upper = name.toUpperCase();
      if (KEYWORDS.has(upper)) {
        this.tokens.push({ type: 'keyword', keyword: upper as FilterKeyword, position });
      } else {
        this.tokens.push({ type: 'identifier', name, position });
      }
      return;
    }
    this.index++; // the dot
    const quote = this.text[this.index];
    let key: string;
    if (quote === '`' || quote === '"') {
      key = this.readQuoted(quote, 'property key');
    } else {
      const keyStart = this.index;
      while (this.index < this.text.length && PROPERTY_KEY_PART.test(this.text[this.index])) {
        this.index++;
      }
      key = this.text.slice(keyStart, this.index);
    }
    if (key === '') {
      throw filterError(this.origin, `missing property key after "${name}."`, position);
    }
    this.tokens.push({ type: 'identifier', name, key, position });
  }

  /** Reads a quoted run starting at the opening quote; a doubled quote stands for itself. */
  private readQuoted(quote: string, what: string): string {
    const position = this.index + 1;
    let value = '';
    this.index++;
    while (this.index < this.text.length) {
      const ch = this.text[this.index];
      if (ch === quote) {
        if (this.text[this.index + 1] === quote) {
          value += quote;
          this.index += 2;
          continue;
        }
        this.index++;
        return value;
      }
      value += ch;
      this.index++;
    }
    throw filterError(this.origin, `unterminated ${what}`, position);
  }
}
