import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CatalogIngestionService,
  InitialLoadService,
  ManagedPlugin,
  PluginRegistry,
  RefreshStatusEntity,
  RefreshStatusRepository,
} from '@catalog/plugin';
import { DEFAULT_PLUGINS } from '../../apps/catalog-server/src/app.module';
import { makeConfigDir, TempConfigDir } from '../support/config-dir';
import { contentGate, GatedMcpPluginModule } from '../support/gated-mcp-plugin';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const A = ['a-one', 'a-two', 'a-three'].map((n) => mcpEntry(n));
const B = ['b-one', 'b-two'].map((n) => mcpEntry(n));
const BROKEN = 'mcpservers:\n  - name: a-one\n    toolCont: 3\n';

describe('catalog_refresh_status (persisted refresh status)', () => {
  let config: TempConfigDir;
  let t: TestApp;
  let status: RefreshStatusRepository;
  let engine: CatalogIngestionService;
  let mcp: ManagedPlugin;

  const boot = async (app: TestApp): Promise<void> => {
    t = app;
    status = t.app.get(RefreshStatusRepository);
    engine = t.app.get(CatalogIngestionService);
    mcp = t.app.get(PluginRegistry).get('mcp').plugin as ManagedPlugin;
  };
  const row = async (sourceId: string): Promise<RefreshStatusEntity> => {
    const found = await status.find('mcp', sourceId);
    if (!found) throw new Error(`no status row for mcp/${sourceId}`);
    return found;
  };

  beforeAll(async () => {
    config = makeConfigDir({
      'sources.yaml': sourcesYaml([{ id: 'a' }, { id: 'b' }]),
      'mcp/a.yaml': mcpYaml(A),
      'mcp/b.yaml': mcpYaml(B),
    });
    await boot(await startTestApp({ config }));
  });

  afterAll(async () => {
    contentGate.reset();
    await t?.close();
  });

  it('has the seed columns, primary key (plugin_name, source_id) and a plugin_name index', async () => {
    const db = t.app.get<DataSource>(getDataSourceToken());
    const columns: Array<{ column_name: string; data_type: string; is_nullable: string }> =
      await db.query(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_name = 'catalog_refresh_status' ORDER BY column_name`,
      );
    expect(
      Object.fromEntries(
        columns.map((c) => [
          c.column_name,
          `${c.data_type}${c.is_nullable === 'YES' ? ' null' : ''}`,
        ]),
      ),
    ).toEqual({
      plugin_name: 'text',
      source_id: 'text',
      last_refresh_time: 'timestamp with time zone',
      last_refresh_status: 'text',
      last_refresh_summary: 'text',
      last_error: 'text null',
      last_success_time: 'timestamp with time zone null',
      entities_loaded: 'integer',
      entities_removed: 'integer',
      duration_ms: 'integer',
      updated_at: 'timestamp with time zone',
    });
    const pk: Array<{ column_name: string }> = await db.query(
      `SELECT a.attname AS column_name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = 'catalog_refresh_status'::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey, a.attnum)`,
    );
    expect(pk.map((c) => c.column_name)).toEqual(['plugin_name', 'source_id']);
    const indexes: Array<{ indexdef: string }> = await db.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'catalog_refresh_status' AND NOT indexdef LIKE '%UNIQUE%'`,
    );
    expect(indexes.map((i) => i.indexdef)).toEqual([expect.stringMatching(/\(plugin_name\)$/)]);
    await expect(
      db.query(
        `INSERT INTO catalog_refresh_status (plugin_name, source_id, last_refresh_time, last_refresh_status, last_refresh_summary)
         VALUES ('x', 'y', now(), 'maybe', '')`,
      ),
    ).rejects.toThrow(/chk_catalog_refresh_status_outcome/);
  });

  it('is written for every source by the boot-time load', async () => {
    const a = await row('a');
    expect(a).toMatchObject({
      pluginName: 'mcp',
      sourceId: 'a',
      lastRefreshStatus: 'success',
      lastRefreshSummary: 'Loaded 3 entities: 3 added, 0 updated, 0 removed',
      lastError: null,
      entitiesLoaded: 3,
      entitiesRemoved: 0,
    });
    expect(a.lastSuccessTime).toEqual(a.lastRefreshTime);
    expect(a.durationMs).toBeGreaterThanOrEqual(0);
    expect(a.updatedAt).toBeInstanceOf(Date);
    expect(await row('b')).toMatchObject({ lastRefreshStatus: 'success', entitiesLoaded: 2 });
    expect((await status.findByPlugin('mcp')).map((r) => r.sourceId)).toEqual(['a', 'b']);
  });

  it('a successful single-source refresh updates that row only', async () => {
    const before = { a: await row('a'), b: await row('b') };
    config.write('mcp/a.yaml', mcpYaml([...A, mcpEntry('a-four')]));
    const result = await engine.refreshSource(mcp, 'a');
    const a = await row('a');
    expect(a).toMatchObject({
      lastRefreshStatus: 'success',
      lastRefreshSummary: result.summary,
      entitiesLoaded: 4,
      lastError: null,
    });
    expect(a.lastRefreshTime.getTime()).toBeGreaterThan(before.a.lastRefreshTime.getTime());
    expect(a.lastSuccessTime).toEqual(a.lastRefreshTime);
    expect(await row('b')).toEqual(before.b);
  });

  it('a failed refresh records the error and keeps last_success_time', async () => {
    const good = await row('a');
    config.write('mcp/a.yaml', BROKEN);
    const result = await engine.refreshSource(mcp, 'a');
    expect(result.status).toBe('error');
    const a = await row('a');
    expect(a).toMatchObject({
      lastRefreshStatus: 'error',
      lastRefreshSummary: result.summary,
      entitiesLoaded: 4, // the previous rows are still served
    });
    expect(a.lastError).toContain('toolCont');
    expect(a.lastSuccessTime).toEqual(good.lastSuccessTime);
    expect(a.lastRefreshTime.getTime()).toBeGreaterThan(good.lastRefreshTime.getTime());
  });

  it('a plugin-wide refresh records every source', async () => {
    const started = new Date();
    const all = await engine.refreshAll(mcp);
    expect(all.results.map((r) => [r.sourceId, r.status])).toEqual([
      ['a', 'error'],
      ['b', 'success'],
    ]);
    for (const r of all.results) {
      const saved = await row(r.sourceId);
      expect(saved.lastRefreshStatus).toBe(r.status);
      expect(saved.lastRefreshSummary).toBe(r.summary);
      expect(saved.lastRefreshTime.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1);
    }
  });

  it('survives a restart: a new app on the same database reads the same rows', async () => {
    const before = await status.findByPlugin('mcp');
    await t.close({ keep: true });
    // The gate holds the new app's boot-time load before it reads any content, so nothing has
    // rewritten the rows yet when they are read.
    contentGate.reset();
    await boot(
      await startTestApp({
        database: t.database,
        config,
        plugins: [GatedMcpPluginModule],
        waitForInitialLoad: false,
      }),
    );
    await contentGate.arrived(1);
    expect(await status.findByPlugin('mcp')).toEqual(before);

    contentGate.release();
    await t.app.get(InitialLoadService).whenDone();
    // Still broken after the restart: the time data was last good is the one from before it.
    const a = await row('a');
    expect(a.lastRefreshStatus).toBe('error');
    expect(a.lastSuccessTime).toEqual(before.find((r) => r.sourceId === 'a')!.lastSuccessTime);
  });

  it('a removed source takes its status row with it', async () => {
    expect(await engine.removeSource(mcp, 'b')).toBe(2);
    expect(await status.find('mcp', 'b')).toBeNull();
    expect(await engine.countEntities(mcp, 'b')).toBe(0);
    expect(await status.find('mcp', 'a')).not.toBeNull();
  });

  it('at boot, drops rows of unregistered plugins and of sources that left the config', async () => {
    const at = new Date();
    const stale = {
      outcome: 'success' as const,
      summary: 'x',
      error: null,
      entitiesLoaded: 0,
      entitiesRemoved: 0,
      durationMs: 1,
      finishedAt: at,
    };
    await status.record({ ...stale, pluginName: 'retired', sourceId: 'old' });
    await status.record({ ...stale, pluginName: 'mcp', sourceId: 'vanished' });
    contentGate.release();
    await t.close({ keep: true });
    await boot(await startTestApp({ database: t.database, config, plugins: DEFAULT_PLUGINS }));

    expect(await status.pluginNames()).not.toContain('retired');
    expect(await status.find('mcp', 'vanished')).toBeNull();
    expect(await status.find('mcp', 'a')).not.toBeNull();
    const logged = t.logs.records().map((r) => r.msg);
    expect(logged).toContain('removed refresh status of a plugin that is no longer registered');
    expect(logged).toContain(
      'removed a source that left the configuration while the server was down',
    );
  });
});
