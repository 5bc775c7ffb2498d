import { InvalidArgumentError } from '../errors/catalog-errors';
import type { NamedQueriesConfig } from '../config/sources-config';
import type { EntityModel } from '../entity/entity-model';
import type { EntityListQuery } from './list-query.types';
import { GADGETS, WIDGETS, insertRows } from './test/query-fixtures';
import { QueryTestContext, openQueryTestDatabase } from './test/query-test-database';

const NAMED_QUERIES: NamedQueriesConfig = {
  mitOnly: { license: { operator: '=', value: 'MIT' } },
  bigClassifiers: {
    toolCount: { operator: '>=', value: 5 },
    tasks: { operator: 'in', value: ['image-classification', 'text-classification'] },
  },
  unlicensed: { license: { operator: 'IS NULL', value: null } },
  mlTeam: { 'customProperties.team': { operator: '=', value: 'ml' } },
  notMit: { license: { operator: 'NOT LIKE', value: 'M%' } },
  badField: { nope: { operator: '=', value: 1 } },
  badOperator: { license: { operator: '~', value: 'x' } },
};

describe('CatalogQueryService filtering (PostgreSQL)', () => {
  let ctx: QueryTestContext;

  beforeAll(async () => {
    ctx = await openQueryTestDatabase();
    await insertRows(ctx.dataSource, WIDGETS, [
      {
        name: 'alpha',
        fields: {
          description: 'Alpha helper for GitHub',
          license: 'MIT',
          tasks: ['text-generation', 'summarization'],
          toolCount: 3,
          score: 0.5,
          verified: true,
        },
        customProperties: { team: 'ml', tier: 2, public: true },
      },
      {
        name: 'beta',
        fields: {
          description: '100%_pure',
          license: 'Apache-2.0',
          tasks: ['image-classification'],
          toolCount: 10,
          score: 2.25,
          verified: false,
        },
        customProperties: { team: 'infra', tier: '3', public: 'false' },
      },
      {
        name: 'gamma',
        fields: { license: 'MIT', tasks: [] },
        customProperties: { team: 'ml', tier: 'high', public: 'maybe' },
      },
      {
        name: 'delta',
        fields: { toolCount: 0, score: -1.5, verified: true },
        customProperties: null,
      },
      {
        name: 'epsilon',
        fields: {
          license: 'BSD',
          tasks: ['text-classification'],
          toolCount: 7,
          score: 9.75,
          verified: false,
        },
        customProperties: { 'odd key': 'v', 'app.kubernetes.io/name': 'eps', tier: [1, 2] },
      },
      { sourceId: 'src-b', name: 'zeta', fields: { license: 'MIT', toolCount: 5 } },
      { sourceId: 'src-c', name: 'eta', fields: { license: 'MIT' } },
    ]);
    const metadata = (type: string, slot: string, value: unknown) => ({
      metadataType: type,
      [slot]: value,
    });
    await insertRows(ctx.dataSource, GADGETS, [
      {
        name: 'g1',
        customProperties: {
          tier: metadata('MetadataIntValue', 'int_value', '2'),
          label: metadata('MetadataStringValue', 'string_value', 'gold'),
          on: metadata('MetadataBoolValue', 'bool_value', true),
          ratio: metadata('MetadataDoubleValue', 'double_value', 0.75),
        },
      },
      {
        name: 'g2',
        customProperties: {
          tier: metadata('MetadataIntValue', 'int_value', '10'),
          label: metadata('MetadataStringValue', 'string_value', 'silver'),
          on: metadata('MetadataBoolValue', 'bool_value', false),
          ratio: metadata('MetadataDoubleValue', 'double_value', 1.5),
        },
      },
      // Stored values that are not numbers must simply not match numeric comparisons.
      {
        name: 'g3',
        customProperties: { tier: metadata('MetadataStringValue', 'string_value', 'n/a') },
      },
      { name: 'g4', customProperties: { tier: metadata('MetadataIntValue', 'int_value', 'abc') } },
      { name: 'g5', customProperties: { tier: '7', on: 'yes' } },
      { name: 'g6', customProperties: {} },
    ]);
  });

  afterAll(() => ctx?.close());

  async function names(
    query: EntityListQuery,
    sourceIds: string[] = ['src-a'],
    model: EntityModel = WIDGETS,
  ): Promise<string[]> {
    const page = await ctx.service.list(
      model,
      { pageSize: 1000, ...query },
      { sourceIds, namedQueries: NAMED_QUERIES },
    );
    expect(page.nextPageToken).toBe('');
    return page.items.map((item) => item.name).sort();
  }
  const filtered = (filterQuery: string) => names({ filterQuery });
  const gadgets = (filterQuery: string) => names({ filterQuery }, ['src-a'], GADGETS);

  async function rejected(promise: Promise<unknown>): Promise<InvalidArgumentError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }

  describe('operators on scalar columns', () => {
    it.each([
      ["license = 'MIT'", ['alpha', 'gamma']],
      ["license != 'MIT'", ['beta', 'epsilon']],
      ["license <> 'MIT'", ['beta', 'epsilon']],
      ['toolCount < 3', ['delta']],
      ['toolCount <= 3', ['alpha', 'delta']],
      ['toolCount > 3', ['beta', 'epsilon']],
      ['toolCount >= 7', ['beta', 'epsilon']],
      ['toolCount = 10', ['beta']],
      ['score > -2 AND score < 1', ['alpha', 'delta']],
      ['score >= 2.25', ['beta', 'epsilon']],
      ['score = -1.5', ['delta']],
      ['toolCount > 2.5', ['alpha', 'beta', 'epsilon']],
      ["license LIKE 'M%'", ['alpha', 'gamma']],
      ["license LIKE 'm%'", []],
      ["license ILIKE 'm%'", ['alpha', 'gamma']],
      ["license NOT LIKE 'M%'", ['beta', 'delta', 'epsilon']],
      ["license IN ('BSD', 'Apache-2.0')", ['beta', 'epsilon']],
      ["license NOT IN ('BSD', 'Apache-2.0')", ['alpha', 'delta', 'gamma']],
      ['toolCount IN (0, 10, 99)', ['beta', 'delta']],
      ['license IS NULL', ['delta']],
      ['license IS NOT NULL', ['alpha', 'beta', 'epsilon', 'gamma']],
      ['toolCount IS NULL', ['gamma']],
      ['verified = true', ['alpha', 'delta']],
      ['verified != true', ['beta', 'epsilon']],
      ["verified = 'false'", ['beta', 'epsilon']],
      ['verified IS NULL', ['gamma']],
      ["name = 'alpha'", ['alpha']],
      ["sourceId = 'src-a' AND source_id != 'x'", ['alpha', 'beta', 'delta', 'epsilon', 'gamma']],
    ])('%s', async (filterQuery, expected) => {
      expect(await filtered(filterQuery)).toEqual(expected);
    });

    it('filters on id and times, given as numbers or digit strings', async () => {
      const all = await ctx.service.list(
        WIDGETS,
        { pageSize: 1000 },
        { sourceIds: ['src-a'], namedQueries: {} },
      );
      const alpha = all.items.find((i) => i.name === 'alpha')!;
      expect(await filtered(`id = ${alpha.id}`)).toEqual(['alpha']);
      expect(await filtered(`id = '${alpha.id}'`)).toEqual(['alpha']);
      expect(await filtered(`createTimeSinceEpoch = '${alpha.createTime}'`)).toEqual(['alpha']);
      expect(await filtered(`lastUpdateTimeSinceEpoch <= ${alpha.lastUpdateTime}`)).toEqual([
        'alpha',
      ]);
    });
  });

  describe('logic', () => {
    it('binds AND tighter than OR: a OR b AND c differs from (a OR b) AND c', async () => {
      expect(await filtered("license = 'BSD' OR license = 'MIT' AND verified = true")).toEqual([
        'alpha',
        'epsilon',
      ]);
      expect(await filtered("(license = 'BSD' OR license = 'MIT') AND verified = true")).toEqual([
        'alpha',
      ]);
    });

    it('binds NOT tighter than AND, and parentheses change it', async () => {
      expect(await filtered("NOT license = 'MIT' AND verified = true")).toEqual(['delta']);
      expect(await filtered("NOT (license = 'MIT' AND verified = true)")).toEqual([
        'beta',
        'delta',
        'epsilon',
        'gamma',
      ]);
    });

    it('treats NOT as the complement (rows without a value included), unlike !=', async () => {
      expect(await filtered("NOT license = 'MIT'")).toEqual(['beta', 'delta', 'epsilon']);
      expect(await filtered("license != 'MIT'")).toEqual(['beta', 'epsilon']);
      expect(await filtered('NOT NOT toolCount > 3')).toEqual(['beta', 'epsilon']);
    });

    it('accepts keywords in any case; field names are case-sensitive', async () => {
      expect(await filtered("license = 'BSD' or license = 'x' Or license iS nUlL")).toEqual([
        'delta',
        'epsilon',
      ]);
      expect((await rejected(filtered("LICENSE = 'MIT'"))).message).toBe(
        'filterQuery: unknown field "LICENSE" at position 1',
      );
    });
  });

  describe('string-list fields match when any element matches', () => {
    it.each([
      ["tasks = 'text-generation'", ['alpha']],
      ["tasks = 'summarization'", ['alpha']],
      ["tasks LIKE 'text-%'", ['alpha', 'epsilon']],
      ["tasks ILIKE 'TEXT-GEN%'", ['alpha']],
      ["tasks IN ('summarization', 'image-classification')", ['alpha', 'beta']],
      ["tasks != 'text-generation'", ['alpha', 'beta', 'epsilon']],
      ["tasks > 'summarization'", ['alpha', 'epsilon']],
      ['tasks IS NULL', ['delta', 'gamma']],
      ['tasks IS NOT NULL', ['alpha', 'beta', 'epsilon']],
      ["NOT tasks = 'text-generation'", ['beta', 'delta', 'epsilon', 'gamma']],
    ])('%s', async (filterQuery, expected) => {
      expect(await filtered(filterQuery)).toEqual(expected);
    });
  });

  describe('customProperties (plain)', () => {
    it.each([
      ["customProperties.team = 'ml'", ['alpha', 'gamma']],
      ["customProperties.team LIKE 'in%'", ['beta']],
      ["customProperties.team IN ('infra', 'x')", ['beta']],
      // Numbers compare numerically whether stored as JSON numbers or numeric strings; 'high' and
      // the array [1, 2] are not numbers and never raise a cast error.
      ['customProperties.tier > 1', ['alpha', 'beta']],
      ['customProperties.tier = 2', ['alpha']],
      ['customProperties.tier = 2.0', ['alpha']],
      ['customProperties.tier IN (3, 4)', ['beta']],
      ['customProperties.tier < 100', ['alpha', 'beta']],
      // A string literal compares the value's text.
      ["customProperties.tier = '2'", ['alpha']],
      ["customProperties.tier = 'high'", ['gamma']],
      ['customProperties.public = true', ['alpha']],
      ['customProperties.public = false', ['beta']],
      ['customProperties.public != true', ['beta']],
      ['customProperties.team IS NULL', ['delta', 'epsilon']],
      ['customProperties.team IS NOT NULL', ['alpha', 'beta', 'gamma']],
      ["customProperties.`odd key` = 'v'", ['epsilon']],
      [`customProperties."app.kubernetes.io/name" = 'eps'`, ['epsilon']],
      ["customProperties.missing = 'x'", []],
    ])('%s', async (filterQuery, expected) => {
      expect(await filtered(filterQuery)).toEqual(expected);
    });
  });

  describe('customProperties (metadata-value)', () => {
    it.each([
      ['customProperties.tier = 2', ['g1']],
      ['customProperties.tier > 5', ['g2']],
      ['customProperties.tier >= 2', ['g1', 'g2']],
      ['customProperties.tier IN (10, 11)', ['g2']],
      ['customProperties.ratio < 1', ['g1']],
      ['customProperties.ratio = 1.5', ['g2']],
      ["customProperties.label = 'gold'", ['g1']],
      ["customProperties.label ILIKE 'S%'", ['g2']],
      ["customProperties.tier = 'n/a'", ['g3']],
      ["customProperties.tier = '10'", ['g2']],
      ['customProperties.on = true', ['g1']],
      ['customProperties.on = false', ['g2']],
      ['customProperties.tier IS NULL', ['g6']],
      ['customProperties.on IS NOT NULL', ['g1', 'g2', 'g5']],
    ])('%s', async (filterQuery, expected) => {
      expect(await gadgets(filterQuery)).toEqual(expected);
    });
  });

  describe('q, name and source scope', () => {
    it.each([
      ['github', ['alpha']],
      ['ALP', ['alpha']],
      ['classif', ['beta', 'epsilon']],
      // % and _ are matched literally, not as wildcards.
      ['%', ['beta']],
      ['_', ['beta']],
      ['0%_p', ['beta']],
      ['nothing-like-this', []],
    ])('q=%j', async (q, expected) => {
      expect(await names({ q })).toEqual(expected);
    });

    it('name is a LIKE pattern', async () => {
      expect(await names({ name: 'alpha' })).toEqual(['alpha']);
      expect(await names({ name: '%ta' })).toEqual(['beta', 'delta']);
      expect(await names({ name: '_eta' })).toEqual(['beta']);
      expect(await names({ name: 'Alpha' })).toEqual([]);
    });

    it('combines filterQuery, q and name with AND', async () => {
      expect(await names({ filterQuery: "license = 'MIT'", q: 'help', name: 'a%' })).toEqual([
        'alpha',
      ]);
      expect(await names({ filterQuery: "license = 'MIT'", q: 'help', name: 'g%' })).toEqual([]);
    });

    it('returns only rows of the given sources', async () => {
      expect(await names({}, ['src-b'])).toEqual(['zeta']);
      expect(await names({ filterQuery: "license = 'MIT'" }, ['src-a', 'src-b'])).toEqual([
        'alpha',
        'gamma',
        'zeta',
      ]);
      expect(await names({ filterQuery: "license = 'MIT'" }, ['src-c'])).toEqual(['eta']);
      expect(await names({}, [])).toEqual([]);
    });
  });

  describe('namedQuery', () => {
    it('applies a named query by name', async () => {
      expect(await names({ namedQuery: 'mitOnly' })).toEqual(['alpha', 'gamma']);
      expect(await names({ namedQuery: 'bigClassifiers' })).toEqual(['beta', 'epsilon']);
      expect(await names({ namedQuery: 'unlicensed' })).toEqual(['delta']);
      expect(await names({ namedQuery: 'mlTeam' })).toEqual(['alpha', 'gamma']);
      expect(await names({ namedQuery: 'notMit' })).toEqual(['beta', 'delta', 'epsilon']);
    });

    it('is combined with filterQuery by AND', async () => {
      expect(await names({ namedQuery: 'mitOnly', filterQuery: 'verified = true' })).toEqual([
        'alpha',
      ]);
      expect(await names({ namedQuery: 'mitOnly', filterQuery: 'toolCount > 100' })).toEqual([]);
    });

    it('rejects unknown names and broken definitions with 400', async () => {
      const unknown = await rejected(names({ namedQuery: 'nope' }));
      expect(unknown.message).toMatch(/^unknown named query "nope" \(known: /);
      expect(unknown.details[0].field).toBe('namedQuery');
      expect((await rejected(names({ namedQuery: 'badField' }))).message).toBe(
        'namedQuery "badField": unknown field "nope"',
      );
      expect((await rejected(names({ namedQuery: 'badOperator' }))).message).toBe(
        'namedQuery "badOperator": unsupported operator "~" for license',
      );
      // Object.prototype members are not named queries.
      await rejected(names({ namedQuery: 'constructor' }));
    });
  });

  describe('errors are 400 with the position in the filterQuery', () => {
    it.each([
      ["toolz = 'x'", 'filterQuery: unknown field "toolz" at position 1', 1],
      [
        "license = 'MIT' AND (",
        'filterQuery: syntax error: expected a field name but found end of query at position 22',
        22,
      ],
      ["license = 'MIT", 'filterQuery: unterminated string at position 11', 11],
      [
        "toolCount > 'x'",
        'filterQuery: type mismatch: "toolCount" expects a number, found a string at position 13',
        13,
      ],
    ])('%s', async (filterQuery, message, column) => {
      const error = await rejected(names({ filterQuery }));
      expect(error.httpStatus).toBe(400);
      expect(error.message).toBe(message);
      expect(error.details).toEqual([{ field: 'filterQuery', message, column }]);
    });
  });

  describe('inputs PostgreSQL itself would reject are 400s, never SQL errors', () => {
    it.each([
      ["license ILIKE 'MIT\\'", 'filterQuery'],
      ["tasks LIKE 'x\\'", 'filterQuery'],
      ["name = 'a\u0000'", 'filterQuery'],
      ['score > 1e-400', 'filterQuery'],
      ['score > 1e400', 'filterQuery'],
    ])('filterQuery %j', async (filterQuery, field) => {
      const error = await rejected(names({ filterQuery }));
      expect(error.details[0].field).toBe(field);
    });

    it('checks q, name and named query values too', async () => {
      expect((await rejected(names({ q: 'a\u0000' }))).details[0].field).toBe('q');
      expect((await rejected(names({ name: 'alpha\\' }))).details[0].field).toBe('name');
      expect((await rejected(names({ name: 'a\u0000' }))).details[0].field).toBe('name');
      const namedQueries = { nul: { license: { operator: '=', value: 'a\u0000' } } };
      await rejected(
        ctx.service.list(WIDGETS, { namedQuery: 'nul' }, { sourceIds: ['src-a'], namedQueries }),
      );
    });

    it('keeps backslash escapes in LIKE patterns working', async () => {
      expect(await filtered("license LIKE 'Apache\\-2.0'")).toEqual(['beta']);
      expect(await filtered("license LIKE 'MI\\%'")).toEqual([]);
      expect(await names({ name: 'alph\\a' })).toEqual(['alpha']);
      expect(await names({ name: 'alpha\\\\' })).toEqual([]);
    });

    it('finds nothing (rather than failing) for a name with NUL', async () => {
      expect(await ctx.service.getByName(WIDGETS, 'src-a', 'a\u0000')).toBeUndefined();
    });
  });

  describe('injection attempts are rejected or treated as data', () => {
    async function widgetCount(): Promise<number> {
      const [row] = await ctx.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM test_widgets',
      );
      return row.n;
    }

    it.each([
      "name = '' OR 1=1 --'",
      "name = 'x'; DROP TABLE test_widgets; --",
      "'; DROP TABLE test_widgets; --",
      "' OR 1=1 --",
      "name; DROP = 'x'",
      "customProperties.x') OR ('1'='1 = 'y'",
      'name = 1 OR 1 = 1',
      'toolCount = 1 UNION SELECT * FROM pg_user',
    ])('filterQuery %j → 400', async (filterQuery) => {
      const before = await widgetCount();
      await rejected(names({ filterQuery }));
      expect(await widgetCount()).toBe(before);
    });

    it.each([
      "name = 'a'' OR ''1''=''1'",
      "name = 'x''); DROP TABLE test_widgets; --'",
      "customProperties.`x') OR ('1'='1` = 'y'",
      `customProperties."x'; DROP TABLE test_widgets; --" IS NOT NULL`,
      "tasks = ''' OR 1=1 --'",
      "license IN ('MIT'' OR ''1''=''1', ''';DROP TABLE test_widgets;')",
    ])('filterQuery %j → data, no rows', async (filterQuery) => {
      const before = await widgetCount();
      expect(await filtered(filterQuery)).toEqual([]);
      expect(await widgetCount()).toBe(before);
    });

    it('treats q, name, sourceIds and orderBy input as data or rejects it', async () => {
      const before = await widgetCount();
      expect(await names({ q: "' OR 1=1 --" })).toEqual([]);
      expect(await names({ q: "'; DROP TABLE test_widgets; --" })).toEqual([]);
      expect(await names({ name: "' OR '1'='1" })).toEqual([]);
      expect(await names({}, ["src-a' OR '1'='1"])).toEqual([]);
      await rejected(names({ orderBy: 'name; DROP TABLE test_widgets' }));
      await rejected(names({ sortOrder: 'ASC; DROP TABLE test_widgets' }));
      await rejected(names({ namedQuery: "x' OR 1=1 --" }));
      expect(await widgetCount()).toBe(before);
      expect(await filtered("name = 'alpha'")).toEqual(['alpha']);
    });
  });
});
