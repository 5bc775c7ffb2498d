import { InvalidArgumentError } from '../errors/catalog-errors';
import type { StoredEntity } from '../entity/entity-model';
import type { EntityListQuery, ListScope } from './list-query.types';
import { GADGETS, TestRow, WIDGETS, insertRows } from './test/query-fixtures';
import { QueryTestContext, openQueryTestDatabase } from './test/query-test-database';

const SCOPE: ListScope = { sourceIds: ['src-p1', 'src-p2'], namedQueries: {} };
const BASE_TIME = 1_750_000_000_000;

// Ties everywhere (same names in two sources, repeated values, NULLs) so the id tiebreaker and
// the NULL handling of the cursor are exercised.
const TOOL_COUNTS = [3, 3, null, 1, null, 7, 3, 0, null, 1, 7, null];
const LICENSES = ['b', 'a', null, 'b', 'c', null, 'a', 'b', 'a', null, 'c', 'b'];
const SCORES = [0.5, null, 0.5, -1, 2, 2, null, 0.5, 3.25, -1, null, 0];
const VERIFIED = [true, false, null, true, false, null, true, true, false, null, false, true];
const CREATED = [5, 1, 5, 3, 3, 9, 1, 2, 5, 7, 7, 0];
const UPDATED = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4];

const INITIAL_ROWS: TestRow[] = TOOL_COUNTS.map((_, i) => ({
  sourceId: i < 6 ? 'src-p1' : 'src-p2',
  name: `item-${String(i % 6).padStart(2, '0')}`,
  fields: {
    toolCount: TOOL_COUNTS[i],
    license: LICENSES[i],
    score: SCORES[i],
    verified: VERIFIED[i],
  },
  createTime: BASE_TIME + CREATED[i] * 1000,
  lastUpdateTime: BASE_TIME + UPDATED[i] * 1000,
}));

const ORDER_BYS = [
  'NAME',
  'ID',
  'CREATE_TIME',
  'LAST_UPDATE_TIME',
  'toolCount',
  'score',
  'license',
  'verified',
];

describe('CatalogQueryService keyset paging (PostgreSQL)', () => {
  let ctx: QueryTestContext;
  let writer = 0;

  beforeAll(async () => {
    ctx = await openQueryTestDatabase();
    await insertRows(ctx.dataSource, WIDGETS, INITIAL_ROWS);
  });

  afterEach(async () => {
    await ctx.dataSource.query(`DELETE FROM test_widgets WHERE name LIKE '%-new-%'`);
  });

  afterAll(() => ctx?.close());

  const list = (query: EntityListQuery, scope: ListScope = SCOPE) =>
    ctx.service.list(WIDGETS, query, scope);

  /** A concurrent writer: rows sorting before and after any cursor, and rows of NULLs. */
  async function insertConcurrentRows(): Promise<void> {
    const k = ++writer;
    await insertRows(ctx.dataSource, WIDGETS, [
      {
        sourceId: 'src-p1',
        name: `a-new-${k}`,
        fields: { toolCount: -1000 - k, license: 'a', score: -1e6, verified: false },
        createTime: BASE_TIME - k,
        lastUpdateTime: BASE_TIME - k,
      },
      {
        sourceId: 'src-p2',
        name: `z-new-${k}`,
        fields: { toolCount: 1000 + k, license: 'zz', score: 1e6, verified: true },
        createTime: BASE_TIME + 1e9 + k,
        lastUpdateTime: BASE_TIME + 1e9 + k,
      },
      { sourceId: 'src-p1', name: `m-new-${k}`, createTime: BASE_TIME + 3000 },
    ]);
  }

  async function allIds(query: EntityListQuery): Promise<string[]> {
    const page = await list({ ...query, pageSize: 1000 });
    expect(page.nextPageToken).toBe('');
    return page.items.map((item) => item.id);
  }

  const cases = ORDER_BYS.flatMap((orderBy) =>
    (['ASC', 'desc'] as const).flatMap((sortOrder) =>
      [2, 3].map((pageSize) => [orderBy, sortOrder, pageSize] as const),
    ),
  );

  it.each(cases)(
    'orderBy %s %s, pageSize %i: no duplicates and no skips under concurrent inserts',
    async (orderBy, sortOrder, pageSize) => {
      const initial = await allIds({ orderBy, sortOrder });
      expect(initial).toHaveLength(INITIAL_ROWS.length);

      const seen: string[] = [];
      let nextPageToken: string | undefined;
      let pages = 0;
      do {
        const page = await list({ orderBy, sortOrder, pageSize, nextPageToken });
        expect(page.pageSize).toBe(pageSize);
        expect(page.size).toBe(page.items.length);
        expect(page.items.length).toBeLessThanOrEqual(pageSize);
        if (page.nextPageToken) expect(page.items).toHaveLength(pageSize);
        seen.push(...page.items.map((item) => item.id));
        nextPageToken = page.nextPageToken || undefined;
        // Writes between pages (only for a while, so the walk is guaranteed to end).
        if (++pages <= 4) await insertConcurrentRows();
      } while (nextPageToken);

      expect(new Set(seen).size).toBe(seen.length);
      const initialSet = new Set(initial);
      expect(seen.filter((id) => initialSet.has(id))).toEqual(initial);
    },
  );

  function sortValue(item: StoredEntity, orderBy: string): number | null {
    switch (orderBy) {
      case 'ID':
        return Number(item.id);
      case 'CREATE_TIME':
        return item.createTime;
      case 'LAST_UPDATE_TIME':
        return item.lastUpdateTime;
      default: {
        const value = item.fields[orderBy];
        return value === undefined ? null : Number(value);
      }
    }
  }

  it.each(
    ['ID', 'CREATE_TIME', 'LAST_UPDATE_TIME', 'toolCount', 'score'].flatMap((o) => [
      [o, 'ASC'],
      [o, 'DESC'],
    ]),
  )(
    'orders numerically by %s %s with id as tiebreaker, NULLs last ascending / first descending',
    async (orderBy, sortOrder) => {
      const { items } = await list({ orderBy, sortOrder, pageSize: 1000 });
      const sign = sortOrder === 'ASC' ? 1 : -1;
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [sortValue(items[i - 1], orderBy), sortValue(items[i], orderBy)];
        if (a === null || b === null) {
          // ASC: once NULLs start they continue; DESC: NULLs come before any value.
          if (sortOrder === 'ASC') expect(a === null ? b : null).toBeNull();
          else expect(b === null ? a : null).toBeNull();
        } else {
          expect(sign * (b - a)).toBeGreaterThanOrEqual(0);
        }
        if (a === b)
          expect(sign * (Number(items[i].id) - Number(items[i - 1].id))).toBeGreaterThan(0);
      }
      const nulls = items.filter((item) => sortValue(item, orderBy) === null).length;
      if (orderBy === 'toolCount') {
        expect(nulls).toBe(4);
        const edge = sortOrder === 'ASC' ? items.slice(-4) : items.slice(0, 4);
        expect(edge.every((item) => item.fields.toolCount === undefined)).toBe(true);
      }
    },
  );

  it('orders by name with ties across sources broken by id', async () => {
    const { items } = await list({ pageSize: 1000 });
    expect(items.map((i) => i.name)).toEqual(
      ['00', '00', '01', '01', '02', '02', '03', '03', '04', '04', '05', '05'].map(
        (s) => `item-${s}`,
      ),
    );
    for (let i = 1; i < items.length; i += 2) {
      expect(BigInt(items[i].id) > BigInt(items[i - 1].id)).toBe(true);
    }
    const desc = await list({ pageSize: 1000, sortOrder: 'DESC' });
    expect(desc.items.map((i) => i.id)).toEqual(items.map((i) => i.id).reverse());
  });

  it('pages with a filter and default page size', async () => {
    const page = await list({ filterQuery: 'toolCount IS NOT NULL' });
    expect(page.pageSize).toBe(20);
    expect(page.size).toBe(8);
    expect(page.nextPageToken).toBe('');
    const first = await list({ filterQuery: 'toolCount IS NOT NULL', pageSize: 5 });
    const second = await list({
      filterQuery: 'toolCount IS NOT NULL',
      pageSize: 5,
      nextPageToken: first.nextPageToken,
    });
    expect(second.size).toBe(3);
    expect(second.nextPageToken).toBe('');
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(page.items.map((i) => i.id));
  });

  it('lets the page size change between pages', async () => {
    const first = await list({ pageSize: 2 });
    const rest = await list({ pageSize: 100, nextPageToken: first.nextPageToken });
    expect(first.size + rest.size).toBe(12);
  });

  describe('tokens', () => {
    async function rejection(
      query: EntityListQuery,
      scope?: ListScope,
    ): Promise<InvalidArgumentError> {
      const error = await list(query, scope).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).details[0].field).toBe('nextPageToken');
      return error as InvalidArgumentError;
    }

    async function firstToken(query: EntityListQuery): Promise<string> {
      const page = await list({ ...query, pageSize: 2 });
      expect(page.nextPageToken).not.toBe('');
      return page.nextPageToken;
    }

    it('rejects a token used with different filter or sort parameters', async () => {
      const base = { filterQuery: 'toolCount >= 0', orderBy: 'toolCount' };
      const token = await firstToken(base);
      const reused = (changes: EntityListQuery) =>
        rejection({ ...base, ...changes, pageSize: 2, nextPageToken: token });
      expect((await reused({ filterQuery: 'toolCount >= 1' })).message).toMatch(
        /issued for different filter or sort parameters/,
      );
      await reused({ filterQuery: undefined });
      await reused({ orderBy: 'score' });
      await reused({ sortOrder: 'DESC' });
      await reused({ q: 'item' });
      await reused({ name: 'item%' });
      await rejection(
        { ...base, pageSize: 2, nextPageToken: token },
        { sourceIds: ['src-p1'], namedQueries: {} },
      );
      const gadgetError = await ctx.service
        .list(GADGETS, { pageSize: 2, nextPageToken: token }, SCOPE)
        .catch((e: unknown) => e);
      expect(gadgetError).toBeInstanceOf(InvalidArgumentError);
      // Same parameters (source order and sortOrder case do not matter): accepted.
      const ok = await list(
        { ...base, sortOrder: 'asc', pageSize: 2, nextPageToken: token },
        { sourceIds: ['src-p2', 'src-p1'], namedQueries: {} },
      );
      expect(ok.size).toBe(2);
    });

    it('rejects garbled and tampered tokens', async () => {
      const garbled = ['not a token!!', 'abc', Buffer.from('{"v":1}').toString('base64url'), '=='];
      for (const nextPageToken of garbled) {
        expect((await rejection({ nextPageToken })).message).toBe('nextPageToken is invalid');
      }
      const token = await firstToken({ orderBy: 'CREATE_TIME' });
      const payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
      const tampered = (changes: Record<string, unknown>) =>
        Buffer.from(JSON.stringify({ ...payload, ...changes })).toString('base64url');
      for (const changes of [
        { i: '1 OR 1=1' },
        { i: '99999999999999999999' },
        { s: "x' OR '1'='1" },
        { s: null },
        { s: 5 },
        { v: 2 },
      ]) {
        await rejection({ orderBy: 'CREATE_TIME', pageSize: 2, nextPageToken: tampered(changes) });
      }
      // A well-formed cursor value is only data: the next page is computed from it.
      const page = await list({
        orderBy: 'CREATE_TIME',
        pageSize: 100,
        nextPageToken: tampered({ s: String(BASE_TIME + 8000), i: '1' }),
      });
      expect(page.items.map((i) => i.createTime)).toEqual([BASE_TIME + 9000]);
    });

    it('treats an empty token as the first page', async () => {
      const page = await list({ pageSize: 2, nextPageToken: '' });
      expect(page.items.map((i) => i.name)).toEqual(['item-00', 'item-00']);
    });
  });

  describe('parameter validation', () => {
    it.each([0, 1001, -1, 1.5, Number.NaN])('rejects pageSize %p', async (pageSize) => {
      const error = await list({ pageSize }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).details[0].field).toBe('pageSize');
    });

    it('accepts the page size bounds', async () => {
      expect((await list({ pageSize: 1 })).size).toBe(1);
      expect((await list({ pageSize: 1000 })).size).toBe(12);
    });

    it.each([
      ['orderBy', { orderBy: 'tasks' }],
      ['orderBy', { orderBy: 'description' }],
      ['orderBy', { orderBy: 'SIZE' }],
      ['sortOrder', { sortOrder: 'UP' }],
    ])('rejects a bad %s', async (field, query: EntityListQuery) => {
      const error = await list(query).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).details[0].field).toBe(field);
    });

    it('accepts standard orderBy values in any case', async () => {
      expect((await list({ orderBy: 'create_time', pageSize: 1 })).size).toBe(1);
    });
  });
});
