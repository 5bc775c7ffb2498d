import { InitialLoadService } from '@catalog/plugin';
import { McpPluginModule } from '@catalog/plugins-mcp';
import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { contentGate, GatedMcpPluginModule } from '../support/gated-mcp-plugin';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { FailingPluginModule } from '../support/test-plugins';
import { startTestApp, TestApp } from '../support/test-app';

const twoSources = () =>
  makeConfigDir({
    'sources.yaml': sourcesYaml([{ id: 'a' }, { id: 'b' }]),
    'mcp/a.yaml': mcpYaml([mcpEntry('a-one')]),
    'mcp/b.yaml': mcpYaml([mcpEntry('b-one')]),
  });

describe('/livez, /healthz and /readyz', () => {
  describe('while the boot-time load is still running', () => {
    let t: TestApp;

    beforeAll(async () => {
      contentGate.reset();
      t = await startTestApp({
        config: twoSources(),
        plugins: [GatedMcpPluginModule],
        waitForInitialLoad: false,
      });
      // A refresh is inside its content read: the load is provably in progress.
      await contentGate.arrived(1);
    });

    afterAll(async () => {
      contentGate.release();
      await t.close();
    });

    it('readiness is 503, naming initialLoad, while liveness is 200', async () => {
      const ready = await t.http.get('/readyz').expect(503);
      expect(ready.headers['cache-control']).toContain('no-store');
      expect(ready.body.status).toBe('error');
      expect(Object.keys(ready.body.error)).toEqual(['initialLoad']);
      expect(ready.body.details).toMatchObject({
        database: { status: 'up' },
        migrations: { status: 'up', pending: 0 },
        configStore: { status: 'up', mode: 'file' },
        plugins: { status: 'up', state: 'ready', serving: ['mcp'] },
        initialLoad: { status: 'down', state: 'running' },
      });
      for (const path of ['/livez', '/healthz']) {
        const live = await t.http.get(path).expect(200);
        expect(live.body).toEqual({ status: 'alive', uptime: expect.any(Number) });
      }
    });

    it('turns 200 once the load finishes', async () => {
      contentGate.release();
      await t.app.get(InitialLoadService).whenDone();
      const ready = await t.http.get('/readyz').expect(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        error: {},
        details: { initialLoad: { status: 'up', state: 'done', failedSources: [] } },
      });
      const logged = t.logs
        .records()
        .filter((r) => r.context === 'ReadinessService')
        .map((r) => r.msg);
      expect(logged).toEqual(['not ready', 'ready']);
    });
  });

  it('a source that failed to load is reported but does not hold readiness', async () => {
    const config = twoSources();
    config.write('mcp/b.yaml', 'mcpservers: [');
    const t = await startTestApp({ config, plugins: [McpPluginModule] });
    try {
      const ready = await t.http.get('/readyz').expect(200);
      expect(ready.body.details.initialLoad).toEqual({
        status: 'up',
        state: 'done',
        durationMs: expect.any(Number),
        failedSources: [
          { plugin: 'mcp', sourceId: 'b', error: expect.stringContaining('Refresh failed') },
        ],
      });
    } finally {
      await t.close();
    }
  });

  it('a plugin that failed to initialize makes plugins "degraded" but stays ready; its routes answer 503', async () => {
    const t = await startTestApp({
      config: twoSources(),
      plugins: [McpPluginModule, FailingPluginModule],
    });
    try {
      const ready = await t.http.get('/readyz').expect(200);
      expect(ready.body.details.plugins).toEqual({
        status: 'up',
        state: 'degraded',
        serving: ['mcp'],
        failed: [{ name: 'failing', error: 'boom: upstream registry unreachable' }],
        unhealthy: [],
      });
      expectErrorShape(await t.http.get('/api/failing_catalog/v1/things'), 503, 'UNAVAILABLE');
    } finally {
      await t.close();
    }
  });

  it('probe routes are in the OpenAPI document; /readyz documents its 503 report', async () => {
    const t = await startTestApp({ config: twoSources(), plugins: [McpPluginModule] });
    try {
      const doc = (await t.http.get('/api/openapi.json').expect(200)).body;
      for (const path of ['/livez', '/healthz', '/readyz'])
        expect(doc.paths[path]?.get).toBeDefined();
      expect(Object.keys(doc.paths['/readyz'].get.responses).sort()).toEqual(['200', '503']);
    } finally {
      await t.close();
    }
  });
});
