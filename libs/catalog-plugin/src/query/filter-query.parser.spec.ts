import { InvalidArgumentError } from '../errors/catalog-errors';
import type { FilterExpression } from './filter-query.ast';
import { tokenizeFilterQuery } from './filter-query.lexer';
import { MAX_FILTER_QUERY_DEPTH, parseFilterQuery } from './filter-query.parser';

function parse(text: string): FilterExpression {
  const expression = parseFilterQuery(text);
  if (!expression) throw new Error('expected an expression');
  return expression;
}

/** A compact rendering of the tree, to assert structure without positions. */
function show(e: FilterExpression): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return `(${e.operands.map(show).join(` ${e.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${show(e.operand)}`;
    case 'compare':
      return `${fieldText(e.field)} ${e.operator} ${literalText(e.value)}`;
    case 'in':
      return `${fieldText(e.field)} IN [${e.values.map(literalText).join(', ')}]`;
    case 'is-null':
      return `${fieldText(e.field)} IS ${e.negated ? 'NOT ' : ''}NULL`;
  }
}
function fieldText(f: { name: string; key?: string }): string {
  return f.key === undefined ? f.name : `${f.name}[${f.key}]`;
}
function literalText(l: Extract<FilterExpression, { kind: 'compare' }>['value']): string {
  if (l.type === 'string') return JSON.stringify(l.value);
  if (l.type === 'number') return `${l.text}${l.integer ? 'i' : 'f'}`;
  return String(l.value);
}

function errorOf(text: string): InvalidArgumentError {
  try {
    parseFilterQuery(text);
  } catch (e) {
    if (e instanceof InvalidArgumentError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('filterQuery lexer', () => {
  it('tokenizes every operator with 1-based positions', () => {
    const tokens = tokenizeFilterQuery('a=1 b!=2 c<>3 d<4 e<=5 f>6 g>=7');
    const ops = tokens.filter((t) => t.type === 'operator');
    expect(ops.map((t) => [t.type === 'operator' && t.operator, t.position])).toEqual([
      ['=', 2],
      ['!=', 6],
      ['!=', 11],
      ['<', 16],
      ['<=', 20],
      ['>', 25],
      ['>=', 29],
    ]);
  });

  it('reads keywords case-insensitively and keeps field names as written', () => {
    const tokens = tokenizeFilterQuery('Name like x AnD nOt y Is NuLl');
    expect(tokens.map((t) => (t.type === 'keyword' ? t.keyword : t.type))).toEqual([
      'identifier',
      'LIKE',
      'identifier',
      'AND',
      'NOT',
      'identifier',
      'IS',
      'NULL',
      'end',
    ]);
    expect(tokens[0]).toMatchObject({ type: 'identifier', name: 'Name', position: 1 });
  });

  it('reads strings with doubled-quote escapes, keeping other characters verbatim', () => {
    const [token] = tokenizeFilterQuery(`'it''s a \\n "test" -- ; %_'`);
    expect(token).toEqual({ type: 'string', value: `it's a \\n "test" -- ; %_`, position: 1 });
  });

  it('reads integers, floats, negatives and exponents', () => {
    const tokens = tokenizeFilterQuery('1 -2 3.25 -0.5 1e3 7E-2');
    expect(tokens.filter((t) => t.type === 'number')).toEqual([
      { type: 'number', text: '1', integer: true, position: 1 },
      { type: 'number', text: '-2', integer: true, position: 3 },
      { type: 'number', text: '3.25', integer: false, position: 6 },
      { type: 'number', text: '-0.5', integer: false, position: 11 },
      { type: 'number', text: '1e3', integer: false, position: 16 },
      { type: 'number', text: '7E-2', integer: false, position: 20 },
    ]);
  });

  it('reads customProperties keys: plain with - and ., backquoted and double-quoted', () => {
    const tokens = tokenizeFilterQuery(
      'customProperties.app.kubernetes.io-name customProperties.`odd key``s` customProperties."a""b c"',
    );
    expect(tokens.slice(0, 3)).toEqual([
      { type: 'identifier', name: 'customProperties', key: 'app.kubernetes.io-name', position: 1 },
      { type: 'identifier', name: 'customProperties', key: 'odd key`s', position: 41 },
      { type: 'identifier', name: 'customProperties', key: 'a"b c', position: 71 },
    ]);
  });

  it.each([
    ["name = 'abc", 'filterQuery: unterminated string at position 8'],
    ['name = 5 ; x', 'filterQuery: unexpected character ";" at position 10'],
    ['name ! 5', 'filterQuery: unexpected character "!" at position 6'],
    ['x = 12abc', 'filterQuery: invalid number at position 5'],
    ['x = 1.2.3', 'filterQuery: invalid number at position 5'],
    ['customProperties.`abc = 1', 'filterQuery: unterminated property key at position 18'],
    ["name = 'a\u0000b'", 'filterQuery: NUL character is not allowed at position 10'],
    [
      'customProperties. = 1',
      'filterQuery: missing property key after "customProperties." at position 1',
    ],
  ])('rejects %j', (text, message) => {
    const error = errorOf(text);
    expect(error.message).toBe(message);
    expect(error.httpStatus).toBe(400);
  });
});

describe('filterQuery parser', () => {
  it('returns undefined for a blank query', () => {
    expect(parseFilterQuery('')).toBeUndefined();
    expect(parseFilterQuery('   ')).toBeUndefined();
  });

  it.each([
    ["name = 'a'", 'name = "a"'],
    ["name != 'a'", 'name != "a"'],
    ["name <> 'a'", 'name != "a"'],
    ['n < 1', 'n < 1i'],
    ['n <= 1.5', 'n <= 1.5f'],
    ['n > -1', 'n > -1i'],
    ['n >= 2', 'n >= 2i'],
    ["name LIKE 'a%'", 'name LIKE "a%"'],
    ["name ilike 'A%'", 'name ILIKE "A%"'],
    ["name IN ('a', 'b')", 'name IN ["a", "b"]'],
    ['n in (1)', 'n IN [1i]'],
    ['x IS NULL', 'x IS NULL'],
    ['x is not null', 'x IS NOT NULL'],
    ['flag = TRUE', 'flag = true'],
    ['flag != false', 'flag != false'],
    ["name NOT LIKE 'a%'", 'NOT name LIKE "a%"'],
    ["name NOT IN ('a')", 'NOT name IN ["a"]'],
    ["customProperties.team = 'x'", 'customProperties[team] = "x"'],
  ])('parses %s', (text, expected) => {
    expect(show(parse(text))).toBe(expected);
  });

  it('binds AND tighter than OR', () => {
    expect(show(parse('a = 1 OR b = 2 AND c = 3'))).toBe('(a = 1i OR (b = 2i AND c = 3i))');
    expect(show(parse('a = 1 AND b = 2 OR c = 3'))).toBe('((a = 1i AND b = 2i) OR c = 3i)');
  });

  it('binds NOT tighter than AND', () => {
    expect(show(parse('NOT a = 1 AND b = 2'))).toBe('(NOT a = 1i AND b = 2i)');
    expect(show(parse('NOT (a = 1 AND b = 2)'))).toBe('NOT (a = 1i AND b = 2i)');
  });

  it('lets parentheses override precedence', () => {
    expect(show(parse('(a = 1 OR b = 2) AND c = 3'))).toBe('((a = 1i OR b = 2i) AND c = 3i)');
    expect(show(parse('((a = 1))'))).toBe('a = 1i');
  });

  it('keeps long AND chains flat', () => {
    expect(show(parse('a = 1 AND b = 2 AND c = 3'))).toBe('(a = 1i AND b = 2i AND c = 3i)');
  });

  it('records positions of fields, operators and literals', () => {
    const e = parse("  toolCount   >=  'x'");
    expect(e).toMatchObject({
      kind: 'compare',
      field: { name: 'toolCount', position: 3 },
      operatorPosition: 15,
      value: { type: 'string', value: 'x', position: 19 },
    });
  });

  it.each([
    [
      'name =',
      'filterQuery: syntax error: expected a value (quoted string, number, true or false) but found end of query at position 7',
    ],
    ["= 'a'", 'filterQuery: syntax error: expected a field name but found "=" at position 1'],
    [
      "name 'a'",
      'filterQuery: syntax error: expected a comparison operator but found a string at position 6',
    ],
    [
      "name = 'a' name = 'b'",
      'filterQuery: syntax error: expected AND, OR or end of query but found field "name" at position 12',
    ],
    [
      "(name = 'a'",
      'filterQuery: syntax error: expected closing ")" but found end of query at position 12',
    ],
    [
      "name = 'a')",
      'filterQuery: syntax error: expected AND, OR or end of query but found ")" at position 11',
    ],
    [
      "name = 'a' AND",
      'filterQuery: syntax error: expected a field name but found end of query at position 15',
    ],
    ['name IN ()', 'filterQuery: empty IN list at position 9'],
    [
      "name IN 'a'",
      'filterQuery: syntax error: expected "(" after IN but found a string at position 9',
    ],
    [
      "name IN ('a' 'b')",
      'filterQuery: syntax error: expected "," or ")" in IN list but found a string at position 14',
    ],
    [
      'name IS 5',
      'filterQuery: syntax error: expected NULL or NOT NULL but found number 5 at position 9',
    ],
    ['name = NULL', 'filterQuery: use IS NULL or IS NOT NULL to test for null at position 8'],
    [
      'name NOT = 1',
      'filterQuery: syntax error: expected LIKE, ILIKE or IN after NOT but found "=" at position 10',
    ],
    ['AND = 1', 'filterQuery: syntax error: expected a field name but found AND at position 1'],
  ])('reports %j', (text, message) => {
    const error = errorOf(text);
    expect(error.message).toBe(message);
    const position = Number(/position (\d+)$/.exec(message)![1]);
    expect(error.details).toEqual([{ field: 'filterQuery', message, column: position }]);
  });

  it('rejects queries longer than 4096 characters', () => {
    const text = `name = '${'x'.repeat(4090)}'`;
    expect(text.length).toBe(4099);
    expect(errorOf(text).message).toBe('filterQuery: longer than 4096 characters at position 4097');
    expect(() => parseFilterQuery(`name = '${'x'.repeat(4087)}'`)).not.toThrow();
  });

  it(`rejects nesting deeper than ${MAX_FILTER_QUERY_DEPTH} levels`, () => {
    const ok = `${'('.repeat(MAX_FILTER_QUERY_DEPTH)}a = 1${')'.repeat(MAX_FILTER_QUERY_DEPTH)}`;
    expect(show(parse(ok))).toBe('a = 1i');
    const deep = `${'('.repeat(MAX_FILTER_QUERY_DEPTH + 1)}a = 1${')'.repeat(MAX_FILTER_QUERY_DEPTH + 1)}`;
    expect(errorOf(deep).message).toBe(
      `filterQuery: nested deeper than 50 levels at position ${MAX_FILTER_QUERY_DEPTH + 1}`,
    );
    expect(errorOf(`${'NOT '.repeat(60)}a = 1`).message).toMatch(/nested deeper than 50 levels/);
  });
});
