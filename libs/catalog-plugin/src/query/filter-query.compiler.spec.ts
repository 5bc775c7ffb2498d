import { InvalidArgumentError } from '../errors/catalog-errors';
import { compileFilterExpression } from './filter-query.compiler';
import { FILTER_QUERY_ORIGIN } from './filter-query.errors';
import { parseFilterQuery } from './filter-query.parser';
import { SqlParameters } from './sql-parameters';
import { GADGETS, WIDGETS } from './test/query-fixtures';
import type { EntityTable } from '../entity/entity-model';

function compile(text: string, table: EntityTable = WIDGETS): { sql: string; values: unknown[] } {
  const params = new SqlParameters();
  const sql = compileFilterExpression(parseFilterQuery(text)!, table, params, FILTER_QUERY_ORIGIN);
  return { sql, values: params.values };
}

function rejection(text: string, table: EntityTable = WIDGETS): InvalidArgumentError {
  try {
    compile(text, table);
  } catch (e) {
    if (e instanceof InvalidArgumentError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('filterQuery compiler', () => {
  it('binds values as parameters and writes only quoted declared identifiers', () => {
    const { sql, values } = compile(
      "license = 'MIT' AND toolCount > 3 AND score <= 1.5 AND verified = true AND name LIKE 'x%'",
    );
    expect(sql).toBe(
      '((e."license" = $1::text) AND (e."tool_count" > $2::bigint) AND ' +
        '(e."score" <= $3::double precision) AND (e."verified" = $4::boolean) AND ' +
        '(e."name" LIKE $5::text))',
    );
    expect(values).toEqual(['MIT', '3', '1.5', true, 'x%']);
  });

  it('maps != to <> and compiles IN to = ANY(array parameter)', () => {
    expect(compile("license != 'MIT'").sql).toBe('(e."license" <> $1::text)');
    expect(compile("license IN ('MIT', 'BSD')")).toEqual({
      sql: '(e."license" = ANY($1::text[]))',
      values: [['MIT', 'BSD']],
    });
    expect(compile('toolCount IN (1, 2)').sql).toBe('(e."tool_count" = ANY($1::bigint[]))');
    // A fraction (or a number beyond bigint) makes the comparison numeric instead of failing a cast.
    expect(compile('toolCount IN (1, 2.5)').sql).toBe('(e."tool_count" = ANY($1::numeric[]))');
    expect(compile('toolCount = 99999999999999999999').sql).toBe('(e."tool_count" = $1::numeric)');
  });

  it('compiles standard fields to their columns', () => {
    expect(compile("id = '12'")).toEqual({ sql: '(e."id" = $1::bigint)', values: ['12'] });
    expect(compile("sourceId = 'a' AND source_id = 'b'").sql).toBe(
      '((e."source_id" = $1::text) AND (e."source_id" = $2::text))',
    );
    expect(compile('createTimeSinceEpoch >= 5 OR lastUpdateTimeSinceEpoch < 7').sql).toBe(
      '((e."create_time" >= $1::bigint) OR (e."last_update_time" < $2::bigint))',
    );
  });

  it('compiles NOT as a complement (rows where the operand is not true)', () => {
    expect(compile("NOT license = 'MIT'").sql).toBe('(((e."license" = $1::text)) IS NOT TRUE)');
  });

  it('binds customProperties keys as parameters, never as SQL text', () => {
    const { sql, values } = compile("customProperties.`x') OR ('1'='1` = 'y'");
    expect(values).toEqual(["x') OR ('1'='1", 'y']);
    expect(sql).not.toContain("'1'='1");
    expect(sql).toBe('((e."custom_properties" ->> $1::text) = $2::text)');
  });

  it('guards numeric customProperties comparisons before casting', () => {
    const { sql } = compile('customProperties.tier > 2');
    expect(sql).toContain(
      "jsonb_typeof((e.\"custom_properties\" -> $1::text)) IN ('number', 'string')",
    );
    expect(sql).toMatch(/CASE WHEN .* ~ '\^\[\[:space:\]\]\*.*THEN \(.*\)::numeric END/);
    expect(sql.endsWith('> $2::numeric)')).toBe(true);
  });

  it('reads metadata-value customProperties from their typed slots', () => {
    expect(compile("customProperties.tier = 'x'", GADGETS).sql).toContain(
      'COALESCE((e."custom_properties" -> $1::text) ->> \'string_value\'',
    );
    expect(compile('customProperties.tier > 1', GADGETS).sql).toContain(
      'COALESCE((e."custom_properties" -> $1::text) ->> \'int_value\', (e."custom_properties" -> $1::text) ->> \'double_value\')',
    );
    expect(compile('customProperties.on = true', GADGETS).sql).toContain("->> 'bool_value'");
  });

  it('compiles list-field comparisons as any-element matches', () => {
    expect(compile("tasks = 'a'").sql).toBe('(e."tasks" @> jsonb_build_array($1::text))');
    expect(compile("tasks IN ('a', 'b')").sql).toBe(
      '(jsonb_typeof(e."tasks") = \'array\' AND e."tasks" ?| $1::text[])',
    );
    expect(compile("tasks LIKE 'a%'").sql).toContain(
      'EXISTS (SELECT 1 FROM jsonb_array_elements_text(e."tasks") AS list_element(value) WHERE list_element.value LIKE $1::text)',
    );
    expect(compile('tasks IS NULL').sql).toBe(
      '(e."tasks" IS NULL OR e."tasks" IN (\'[]\'::jsonb, \'null\'::jsonb))',
    );
  });

  it.each([
    ["toolz = 'x'", 'filterQuery: unknown field "toolz" at position 1'],
    ["license = 'a' AND bogus.key = 1", 'filterQuery: unknown field "bogus.key" at position 19'],
    ["internalNote = 'x'", 'filterQuery: field "internalNote" is not filterable at position 1'],
    ["metadata = 'x'", 'filterQuery: field "metadata" is not filterable at position 1'],
    [
      "customProperties = 'x'",
      'filterQuery: "customProperties" needs a key, e.g. customProperties.team at position 1',
    ],
    [
      "toolCount = '5'",
      'filterQuery: type mismatch: "toolCount" expects a number, found a string at position 13',
    ],
    [
      'score > true',
      'filterQuery: type mismatch: "score" expects a number, found a boolean at position 9',
    ],
    [
      'license = 5',
      'filterQuery: type mismatch: "license" expects a string, found a number at position 11',
    ],
    [
      "verified = 'yes'",
      'filterQuery: type mismatch: "verified" expects true or false, found a string at position 12',
    ],
    [
      'verified > true',
      'filterQuery: operator > is not supported for boolean "verified"; use = or != at position 10',
    ],
    [
      'verified IN (true)',
      'filterQuery: operator IN is not supported for boolean "verified"; use = or != at position 10',
    ],
    [
      "toolCount LIKE '5%'",
      'filterQuery: operator LIKE is not supported for numeric field "toolCount" at position 11',
    ],
    [
      'tasks = 1',
      'filterQuery: type mismatch: "tasks" expects a string, found a number at position 9',
    ],
    [
      "id = 'abc'",
      'filterQuery: type mismatch: "id" expects a number, found a string at position 6',
    ],
    ['score > 1e999', 'filterQuery: number 1e999 is out of range at position 9'],
    [
      "customProperties.tier IN (1, 'a')",
      'filterQuery: IN list mixes number and string values at position 30',
    ],
    [
      "license LIKE 'abc\\'",
      'filterQuery: LIKE pattern must not end with an unescaped backslash at position 14',
    ],
    [
      "tasks ILIKE 'a\\\\\\'",
      'filterQuery: LIKE pattern must not end with an unescaped backslash at position 13',
    ],
    [
      "customProperties.team LIKE '\\'",
      'filterQuery: LIKE pattern must not end with an unescaped backslash at position 28',
    ],
    ['score = 1e-400', 'filterQuery: number 1e-400 is out of range at position 9'],
    [
      'customProperties.tier LIKE 5',
      'filterQuery: operator LIKE is not supported for a number at position 23',
    ],
  ])('rejects %j', (text, message) => {
    const error = rejection(text);
    expect(error.message).toBe(message);
    expect(error.details[0]).toEqual({
      field: 'filterQuery',
      message,
      column: Number(/position (\d+)$/.exec(message)![1]),
    });
  });

  it('rejects customProperties on a model without them', () => {
    const table: EntityTable = { table: 't', fields: [] };
    expect(rejection("customProperties.team = 'x'", table).message).toBe(
      'filterQuery: unknown field "customProperties.team" at position 1',
    );
  });

  it('accepts escaped trailing backslashes and literal zeros', () => {
    expect(compile("license LIKE 'a\\\\'").values).toEqual(['a\\\\']);
    expect(compile('score = 0e-400 OR score = -0.0').values).toEqual(['0e-400', '-0.0']);
  });

  it('accepts booleans given as strings and ids/times given as digit strings', () => {
    expect(compile("verified = 'TRUE'").values).toEqual([true]);
    expect(compile("createTimeSinceEpoch > '1700000000000'").values).toEqual(['1700000000000']);
  });
});
