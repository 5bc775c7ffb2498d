import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  CatalogIngestionService,
  ManagedPlugin,
  PluginRegistry,
  RefreshStatusRepository,
  SourcesConfigService,
} from '@catalog/plugin';
import { ChunkedContentParser } from '@catalog/plugin/ingestion/chunked-content-parser';
import { makeConfigDir } from '../support/config-dir';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const A = ['a-one', 'a-two', 'a-three'].map((n) => mcpEntry(n));

/** Block style, one line per field: what the item splitter takes item by item. */
function blockYaml(entries: object[]): string {
  const lines = ['mcpservers:'];
  for (const e of entries) {
    Object.entries(e as Record<string, unknown>).forEach(([k, v], i) =>
      lines.push(`${i === 0 ? '  - ' : '    '}${k}: ${JSON.stringify(v)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
const B = ['b-one', 'b-two'].map((n) => mcpEntry(n, { provider: 'Bee Corp' }));

describe('MCP ingestion through the shared engine', () => {
  let t: TestApp;
  let engine: CatalogIngestionService;
  let plugin: ManagedPlugin;
  let db: DataSource;

  const rows = (sourceId: string) =>
    db.query(`SELECT * FROM mcp_server WHERE source_id = $1 ORDER BY name`, [sourceId]) as Promise<
      Array<Record<string, unknown>>
    >;

  beforeAll(async () => {
    const config = makeConfigDir({
      'sources.yaml': sourcesYaml([{ id: 'a' }, { id: 'b' }]),
      'mcp/a.yaml': mcpYaml(A),
      'mcp/b.yaml': mcpYaml(B),
    });
    t = await startTestApp({ config });
    engine = t.app.get(CatalogIngestionService);
    plugin = t.app.get(PluginRegistry).get('mcp').plugin as ManagedPlugin;
    db = t.app.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    await t.close();
  });

  it('loads every enabled source at boot', async () => {
    expect((await rows('a')).map((r) => r.name)).toEqual(['a-one', 'a-three', 'a-two']);
    expect((await rows('b')).map((r) => r.name)).toEqual(['b-one', 'b-two']);
  });

  it('refreshing A leaves B byte-identical and unchanged rows untouched', async () => {
    const beforeB = await rows('b');
    const beforeA = await rows('a');
    t.config.write(
      'mcp/a.yaml',
      mcpYaml([A[0], { ...A[1], toolCount: 99 }, A[2], mcpEntry('a-four')]),
    );
    await new Promise((r) => setTimeout(r, 5)); // a distinct millisecond for last_update_time
    const result = await engine.refreshSource(plugin, 'a');
    expect(result).toMatchObject({
      sourceId: 'a',
      status: 'success',
      entitiesLoaded: 4,
      added: 1,
      updated: 1,
      removed: 0,
      unchanged: 2,
      errors: [],
    });
    expect(result.summary).toBe('Loaded 4 entities: 1 added, 1 updated, 0 removed');
    expect(await rows('b')).toEqual(beforeB);
    const afterA = await rows('a');
    const byName = (list: Array<Record<string, unknown>>, name: string) =>
      list.find((r) => r.name === name)!;
    expect(byName(afterA, 'a-one')).toEqual(byName(beforeA, 'a-one'));
    expect(byName(afterA, 'a-three')).toEqual(byName(beforeA, 'a-three'));
    const changed = byName(afterA, 'a-two');
    expect(changed.id).toBe(byName(beforeA, 'a-two').id);
    expect(changed.create_time).toBe(byName(beforeA, 'a-two').create_time);
    expect(Number(changed.last_update_time)).toBeGreaterThan(
      Number(byName(beforeA, 'a-two').last_update_time),
    );
    expect(changed.tool_count).toBe('99');
  });

  it('a second refresh with nothing changed touches nothing', async () => {
    const before = await rows('a');
    const result = await engine.refreshSource(plugin, 'a');
    expect(result).toMatchObject({
      status: 'success',
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 4,
    });
    expect(await rows('a')).toEqual(before);
  });

  it('removing an entry deletes exactly that row', async () => {
    const before = await rows('a');
    t.config.write('mcp/a.yaml', mcpYaml([A[0], { ...A[1], toolCount: 99 }, A[2]]));
    const result = await engine.refreshSource(plugin, 'a');
    expect(result).toMatchObject({
      status: 'success',
      removed: 1,
      unchanged: 3,
      entitiesLoaded: 3,
    });
    expect(await rows('a')).toEqual(before.filter((r) => r.name !== 'a-four'));
  });

  it('a broken edit keeps the previous rows exactly and returns every error', async () => {
    const before = await rows('a');
    t.config.write(
      'mcp/a.yaml',
      'mcpservers:\n  - name: a-one\n    serverUrl: x\n    toolCont: 3\n  - name: a-one\n    serverUrl: y\n',
    );
    const result = await engine.refreshSource(plugin, 'a');
    expect(result.status).toBe('error');
    expect(result.entitiesLoaded).toBe(3);
    expect(result.errors).toEqual([
      { field: 'mcpservers[0].toolCont', message: 'unknown field', line: 4, column: 5 },
      {
        field: 'mcpservers[1].name',
        message: 'duplicate name "a-one" (first defined at mcpservers[0])',
        line: 5,
        column: 11,
      },
    ]);
    expect(await rows('a')).toEqual(before);
    const status = await t.app.get(RefreshStatusRepository).find('mcp', 'a');
    expect(status).toMatchObject({ lastRefreshStatus: 'error', entitiesLoaded: 3 });
    expect(status!.lastError).toContain('mcpservers[0].toolCont (line 4): unknown field');
    expect(status!.lastSuccessTime).not.toBeNull();
  });

  it('an unreadable content file is an error that keeps the rows', async () => {
    const before = await rows('b');
    t.config.write(
      'sources.yaml',
      sourcesYaml([{ id: 'a' }, { id: 'b', path: 'mcp/missing.yaml' }]),
    );
    await t.app.get(SourcesConfigService).reload();
    const result = await engine.refreshSource(plugin, 'b');
    expect(result.status).toBe('error');
    expect(result.errors[0].message).toContain('cannot read mcp/missing.yaml');
    expect(await rows('b')).toEqual(before);
  });

  it('disabling a source removes its entities; enabling loads them again', async () => {
    t.config.write('sources.yaml', sourcesYaml([{ id: 'a' }, { id: 'b', enabled: false }]));
    await t.app.get(SourcesConfigService).reload();
    const off = await engine.refreshSource(plugin, 'b');
    expect(off).toMatchObject({ status: 'success', removed: 2, entitiesLoaded: 0 });
    expect(await rows('b')).toEqual([]);
    expect((await rows('a')).length).toBe(3);
    t.config.write('sources.yaml', sourcesYaml([{ id: 'a' }, { id: 'b' }]));
    await t.app.get(SourcesConfigService).reload();
    const on = await engine.refreshSource(plugin, 'b');
    expect(on).toMatchObject({ status: 'success', added: 2, entitiesLoaded: 2 });
  });

  it('serializes concurrent refreshes of one source: the second finds nothing to change', async () => {
    t.config.write('mcp/a.yaml', mcpYaml([...A, mcpEntry('a-five'), mcpEntry('a-six')]));
    const [first, second] = await Promise.all([
      engine.refreshSource(plugin, 'a'),
      engine.refreshSource(plugin, 'a'),
    ]);
    const sorted = [first, second].sort((x, y) => y.added - x.added);
    expect(sorted[0]).toMatchObject({ status: 'success', added: 2 });
    expect(sorted[1]).toMatchObject({
      status: 'success',
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 5,
    });
    expect((await rows('a')).length).toBe(5);
  });

  it('re-parses only the items whose bytes changed since the last refresh', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      mcpEntry(`bulk-${String(i).padStart(2, '0')}`),
    );
    t.config.write('mcp/a.yaml', blockYaml(many));
    expect(await engine.refreshSource(plugin, 'a')).toMatchObject({
      status: 'success',
      entitiesLoaded: 40,
    });
    const parse = jest.spyOn(ChunkedContentParser.prototype, 'parse');
    try {
      many[17] = { ...many[17], toolCount: 77 };
      t.config.write('mcp/a.yaml', blockYaml(many));
      const result = await engine.refreshSource(plugin, 'a');
      expect(result).toMatchObject({ status: 'success', updated: 1, unchanged: 39 });
      const parsedItems = parse.mock.calls.reduce((n, [, chunks]) => n + chunks.length, 0);
      expect(parsedItems).toBe(1);
      const row = (await rows('a')).find((r) => r.name === 'bulk-17')!;
      expect(row.tool_count).toBe('77');
    } finally {
      parse.mockRestore();
    }
  });

  it('documents with YAML aliases are parsed whole, and stay correct when the anchor changes', async () => {
    const withAnchor = (tools: number) =>
      `mcpservers:\n  - name: anchor\n    serverUrl: https://a.test\n    customProperties: &shared { tier: ${tools} }\n  - name: user\n    serverUrl: https://u.test\n    customProperties: *shared\n`;
    t.config.write('mcp/a.yaml', withAnchor(1));
    expect(await engine.refreshSource(plugin, 'a')).toMatchObject({
      status: 'success',
      entitiesLoaded: 2,
    });
    t.config.write('mcp/a.yaml', withAnchor(2));
    expect(await engine.refreshSource(plugin, 'a')).toMatchObject({
      status: 'success',
      updated: 2,
    });
    const user = (await rows('a')).find((r) => r.name === 'user')!;
    expect(user.custom_properties).toEqual({ tier: 2 });
  });

  it('refreshAll refreshes each source independently and totals the results', async () => {
    t.config.write('mcp/a.yaml', mcpYaml([mcpEntry('x'), mcpEntry('y')]));
    t.config.write('mcp/b.yaml', 'mcpservers: [');
    const all = await engine.refreshAll(plugin);
    expect(all.plugin).toBe('mcp');
    expect(all.results.map((r) => [r.sourceId, r.status])).toEqual([
      ['a', 'success'],
      ['b', 'error'],
    ]);
    expect(all.totals).toMatchObject({
      sources: 2,
      succeeded: 1,
      failed: 1,
      entitiesLoaded: 2 + 2, // a: two new entries; b: failed, its two entities keep serving
    });
  });
});

describe('size limits of the ingestion paths', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'big' }]),
        'mcp/big.yaml': mcpYaml([mcpEntry('seed')]),
      }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a document over 8 MiB that must be parsed whole, keeping the rows', async () => {
    const engine = t.app.get(CatalogIngestionService);
    const plugin = t.app.get(PluginRegistry).get('mcp').plugin as ManagedPlugin;
    // Flow style (one JSON line per item) cannot be split item by item.
    const flow = `{"mcpservers": [${Array.from({ length: 30000 }, (_, i) => JSON.stringify({ name: `f-${i}`, serverUrl: 'https://f.test', description: 'x'.repeat(250) })).join(',')}]}`;
    expect(flow.length).toBeGreaterThan(8 * 1024 * 1024);
    t.config.write('mcp/big.yaml', flow);
    const result = await engine.refreshSource(plugin, 'big');
    expect(result.status).toBe('error');
    expect(result.errors[0].message).toContain('the limit for that is 8 MiB');
    expect(result.entitiesLoaded).toBe(1);
  });

  it('takes a block-style document of the same size item by item', async () => {
    const engine = t.app.get(CatalogIngestionService);
    const plugin = t.app.get(PluginRegistry).get('mcp').plugin as ManagedPlugin;
    const lines = ['mcpservers:'];
    for (let i = 0; i < 30000; i++)
      lines.push(
        `  - name: b-${i}`,
        '    serverUrl: https://b.test',
        `    description: ${'y'.repeat(250)}`,
      );
    t.config.write('mcp/big.yaml', `${lines.join('\n')}\n`);
    const result = await engine.refreshSource(plugin, 'big');
    expect(result).toMatchObject({
      status: 'success',
      entitiesLoaded: 30000,
      added: 30000,
      removed: 1,
    });
  });

  it('validates a config-only edit of a source whose stored content is over 1 MiB without parsing it', async () => {
    const res = await t.http
      .post('/api/catalog-management/v1alpha1/plugins/mcp/sources/big:validate')
      .set('X-User-Role', 'operator')
      .send({
        source: {
          id: 'big',
          name: 'Renamed',
          type: 'yaml',
          properties: { yamlCatalogPath: 'mcp/big.yaml' },
        },
      })
      .expect(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.layerResults[4]).toMatchObject({
      layer: 'provider',
      status: 'skipped',
      reason: expect.stringContaining("over the API's 1 MiB limit"),
    });
  });
});
