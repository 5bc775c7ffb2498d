import { InvalidArgumentError } from '../errors/catalog-errors';
import type { ChildEntityTable } from '../entity/entity-model';
import { WIDGETS, WIDGET_PARTS, insertRows } from './test/query-fixtures';
import { QueryTestContext, openQueryTestDatabase } from './test/query-test-database';

describe('CatalogQueryService lookups, filter options, counts and children (PostgreSQL)', () => {
  let ctx: QueryTestContext;
  let alphaId: string;
  let betaId: string;

  beforeAll(async () => {
    ctx = await openQueryTestDatabase();
    [alphaId, betaId] = await insertRows(ctx.dataSource, WIDGETS, [
      {
        name: 'alpha',
        fields: {
          description: 'first',
          license: 'MIT',
          tasks: ['text-generation', 'summarization'],
          toolCount: 3,
          score: 0.5,
          verified: true,
          metadata: { nested: { a: [1, 2] } },
        },
        customProperties: { team: 'ml' },
        createTime: 1_700_000_000_123,
        lastUpdateTime: 1_700_000_000_456,
      },
      {
        name: 'beta',
        fields: { license: 'Apache-2.0', tasks: ['summarization'], toolCount: 10, score: -2 },
      },
      { name: 'gamma', fields: { license: 'MIT', tasks: [], verified: false, score: 9.5 } },
      // A list column holding a scalar must not break filter options.
      { name: 'delta', fields: { tasks: 'oops' as unknown as string[] } },
      { sourceId: 'src-b', name: 'zeta', fields: { license: 'BSD', toolCount: 500, tasks: ['z'] } },
      { sourceId: 'src-c', name: 'eta', fields: {} },
    ]);
    await insertRows(ctx.dataSource, WIDGET_PARTS, [
      { name: 'weights', parentId: alphaId, fields: { kind: 'model', size: 300 } },
      {
        name: 'card',
        parentId: alphaId,
        fields: { kind: 'doc', size: 2 },
        customProperties: { lang: { metadataType: 'MetadataStringValue', string_value: 'en' } },
      },
      { name: null, parentId: alphaId, fields: { kind: 'doc' } },
      { name: null, parentId: alphaId, fields: { kind: 'image', size: 40 } },
      { name: 'other', parentId: betaId, fields: { kind: 'model', size: 1 } },
    ]);
  });

  afterAll(() => ctx?.close());

  describe('getById / getByName', () => {
    it('maps a row back to API names and types', async () => {
      const alpha = await ctx.service.getById(WIDGETS, alphaId);
      expect(alpha).toEqual({
        id: alphaId,
        sourceId: 'src-a',
        name: 'alpha',
        contentHash: 'hash-alpha',
        createTime: 1_700_000_000_123,
        lastUpdateTime: 1_700_000_000_456,
        fields: {
          description: 'first',
          license: 'MIT',
          tasks: ['text-generation', 'summarization'],
          toolCount: 3,
          score: 0.5,
          verified: true,
          metadata: { nested: { a: [1, 2] } },
        },
        customProperties: { team: 'ml' },
      });
      expect(typeof alpha!.id).toBe('string');
    });

    it('leaves NULL fields and customProperties out', async () => {
      const eta = await ctx.service.getByName(WIDGETS, 'src-c', 'eta');
      expect(eta?.fields).toEqual({});
      expect(eta).not.toHaveProperty('customProperties');
    });

    it.each(['abc', '', '1; DROP TABLE test_widgets', '-1', '1.0', '99999999999999999999', ' 1'])(
      'returns undefined for id %j without a SQL error',
      async (id) => {
        expect(await ctx.service.getById(WIDGETS, id)).toBeUndefined();
      },
    );

    it('returns undefined for an unknown id or name', async () => {
      expect(await ctx.service.getById(WIDGETS, '9223372036854775807')).toBeUndefined();
      expect(await ctx.service.getByName(WIDGETS, 'src-a', 'zeta')).toBeUndefined();
      expect(await ctx.service.getByName(WIDGETS, 'src-b', 'zeta')).toMatchObject({ name: 'zeta' });
    });
  });

  describe('filterOptions', () => {
    it('reports sorted distinct values and numeric ranges, ignoring NULLs', async () => {
      const options = await ctx.service.filterOptions(WIDGETS, ['src-a']);
      expect(options).toEqual({
        filters: {
          license: { type: 'string', values: ['Apache-2.0', 'MIT'] },
          tasks: { type: 'string', values: ['summarization', 'text-generation'] },
          toolCount: { type: 'number', range: { min: 3, max: 10 } },
          score: { type: 'number', range: { min: -2, max: 9.5 } },
          verified: { type: 'string', values: [false, true] },
        },
      });
    });

    it('is scoped to the given sources', async () => {
      const options = await ctx.service.filterOptions(WIDGETS, ['src-b', 'src-c']);
      expect(options.filters.license).toEqual({ type: 'string', values: ['BSD'] });
      expect(options.filters.toolCount).toEqual({ type: 'number', range: { min: 500, max: 500 } });
      // No values at all: a number field has no range, a string field no values.
      expect(options.filters.score).toEqual({ type: 'number' });
      expect(options.filters.verified).toEqual({ type: 'string', values: [] });
    });
  });

  describe('countBySource', () => {
    it('counts rows per source present in the table', async () => {
      expect(await ctx.service.countBySource(WIDGETS)).toEqual(
        new Map([
          ['src-a', 4],
          ['src-b', 1],
          ['src-c', 1],
        ]),
      );
    });

    it('reports exactly the requested sources, zero when empty', async () => {
      expect(await ctx.service.countBySource(WIDGETS, ['src-b', 'src-none'])).toEqual(
        new Map([
          ['src-b', 1],
          ['src-none', 0],
        ]),
      );
    });
  });

  describe('listChildren', () => {
    const children = (parentId: string, query = {}) =>
      ctx.service.listChildren(WIDGETS, WIDGET_PARTS, parentId, { pageSize: 100, ...query });

    it('lists the children of one parent only', async () => {
      const page = await children(alphaId);
      expect(page.size).toBe(4);
      // Unnamed children sort last ascending and come back with an empty name.
      expect(page.items.map((i) => i.name)).toEqual(['card', 'weights', '', '']);
      expect((await children(betaId)).items.map((i) => i.name)).toEqual(['other']);
    });

    it('filters children with the same language, including metadata-value customProperties', async () => {
      const names = async (filterQuery: string) =>
        (await children(alphaId, { filterQuery })).items.map((i) => i.fields.kind);
      expect(await names("kind = 'doc'")).toEqual(['doc', 'doc']);
      expect(await names('size > 10')).toEqual(['model', 'image']);
      expect(await names('size IS NULL')).toEqual(['doc']);
      expect(await names("customProperties.lang = 'en'")).toEqual(['doc']);
      const error = await children(alphaId, { filterQuery: 'toolCount > 1' }).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toBe('filterQuery: unknown field "toolCount" at position 1');
    });

    it('pages through children, including unnamed ones, in both directions', async () => {
      for (const sortOrder of ['ASC', 'DESC']) {
        const all = (await children(alphaId, { sortOrder })).items.map((i) => i.id);
        const seen: string[] = [];
        let nextPageToken: string | undefined;
        do {
          const page = await children(alphaId, { sortOrder, pageSize: 1, nextPageToken });
          seen.push(...page.items.map((i) => i.id));
          nextPageToken = page.nextPageToken || undefined;
        } while (nextPageToken);
        expect(seen).toEqual(all);
      }
    });

    it('narrows children by exact field values, ANDed with filterQuery, with tokens bound to them', async () => {
      const kinds = async (query: Record<string, unknown>) =>
        (await children(alphaId, query)).items.map((i) => i.fields.kind);
      expect(await kinds({ fieldValues: { kind: ['doc'] } })).toEqual(['doc', 'doc']);
      expect(
        await kinds({ fieldValues: { kind: ['doc', 'image'] }, filterQuery: 'size > 10' }),
      ).toEqual(['image']);
      expect(await kinds({ fieldValues: { kind: [] } })).toHaveLength(4);
      const unknown = await children(alphaId, { fieldValues: { colour: ['x'] } }).catch((e) => e);
      expect(unknown).toBeInstanceOf(InvalidArgumentError);
      expect((unknown as Error).message).toBe('colour: unknown field "colour"');
      const first = await children(alphaId, { pageSize: 1, fieldValues: { kind: ['doc'] } });
      expect(first.nextPageToken).not.toBe('');
      const next = await children(alphaId, {
        pageSize: 1,
        fieldValues: { kind: ['doc'] },
        nextPageToken: first.nextPageToken,
      });
      expect(next.items.map((i) => i.fields.kind)).toEqual(['doc']);
      const reused = await children(alphaId, {
        pageSize: 1,
        nextPageToken: first.nextPageToken,
      }).catch((e) => e);
      expect(reused).toBeInstanceOf(InvalidArgumentError);
    });

    it('does not accept a token from another parent', async () => {
      const first = await children(alphaId, { pageSize: 1 });
      const error = await children(betaId, {
        pageSize: 1,
        nextPageToken: first.nextPageToken,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
    });

    it('returns an empty page for a non-numeric parent id', async () => {
      expect(await children('abc')).toEqual({
        items: [],
        size: 0,
        pageSize: 100,
        nextPageToken: '',
      });
    });

    it('refuses a child table the model does not declare', async () => {
      const stranger: ChildEntityTable = { ...WIDGET_PARTS, table: 'other_table' };
      await expect(ctx.service.listChildren(WIDGETS, stranger, alphaId, {})).rejects.toThrow(
        /not a child table/,
      );
    });
  });
});
