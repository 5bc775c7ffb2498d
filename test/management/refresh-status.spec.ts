import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { MGMT, operator, viewer } from '../support/management-api';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';

const SRC = `${MGMT}/plugins/mcp/sources/team`;

describe('refresh endpoints, rate limit, and the persisted status they leave behind', () => {
  let t: TestApp;

  const listed = async (app: TestApp, id: string) =>
    (await app.http.get(`${MGMT}/plugins/mcp/sources`).set(viewer).expect(200)).body.items.find(
      (s: { id: string }) => s.id === id,
    );

  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'team' }, { id: 'other' }]),
        'mcp/team.yaml': mcpYaml([mcpEntry('alpha')]),
        'mcp/other.yaml': mcpYaml([mcpEntry('omega')]),
      }),
      env: { CATALOG_REFRESH_MIN_INTERVAL_S: '60' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('POST …:refresh runs the engine and the listing shows its result; a second one within the interval is 429 with Retry-After', async () => {
    t.config.write('mcp/team.yaml', mcpYaml([mcpEntry('alpha'), mcpEntry('beta')]));
    const res = await t.http.post(`${SRC}:refresh`).set(operator).expect(200);
    expect(res.body).toMatchObject({
      sourceId: 'team',
      status: 'success',
      entitiesLoaded: 2,
      added: 1,
      updated: 0,
      removed: 0,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      durationMs: expect.any(Number),
      errors: [],
    });
    expect((await listed(t, 'team')).status).toMatchObject({
      state: 'available',
      entityCount: 2,
      lastRefreshStatus: 'success',
      lastRefreshSummary: 'Loaded 2 entities: 1 added, 0 updated, 0 removed',
    });
    const limited = await t.http.post(`${SRC}:refresh`).set(operator);
    expectErrorShape(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other sources have their own budget.
    await t.http.post(`${MGMT}/plugins/mcp/sources/other:refresh`).set(operator).expect(200);
  });

  it('the plugin-wide refresh returns per-source results and totals, and is limited per plugin', async () => {
    const res = await t.http.post(`${MGMT}/plugins/mcp:refresh`).set(operator).expect(200);
    expect(res.body.results.map((r: { sourceId: string }) => r.sourceId)).toEqual([
      'other',
      'team',
    ]);
    expect(res.body.totals).toMatchObject({
      sources: 2,
      succeeded: 2,
      failed: 0,
      entitiesLoaded: 3,
    });
    expectErrorShape(await t.http.post(`${MGMT}/plugins/mcp:refresh`).set(operator), 429);
  });

  it('apply+refresh and a failed refresh update the status; diagnostics keep the last success time', async () => {
    const bad = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'Team',
          type: 'yaml',
          properties: { yamlCatalogPath: 'mcp/missing.yaml' },
        },
        options: { confirmCriticalChanges: true },
      });
    expect(bad.status).toBe(422); // the missing file is caught before anything is written
    t.config.write('mcp/team.yaml', 'mcpservers:\n  - name: alpha\n    bogus: true\n');
    const applied = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({
        rawYaml: mcpYaml([mcpEntry('alpha'), mcpEntry('beta'), mcpEntry('gamma')]),
        options: { refreshAfterApply: true },
      })
      .expect(200);
    expect(applied.body.refreshResult).toMatchObject({ status: 'success', entitiesLoaded: 3 });
    const diag = await t.http.get(`${SRC}/diagnostics`).set(viewer).expect(200);
    expect(diag.body).toMatchObject({
      sourceId: 'team',
      enabled: true,
      refreshing: false,
      status: { state: 'available', entityCount: 3, lastSuccessTime: expect.any(String) },
    });
    const lastGood = diag.body.status.lastSuccessTime;

    // Break the content outside the API: the next refresh fails, the data and lastSuccessTime stay.
    t.config.write('mcp/team.yaml', 'mcpservers:\n  - name: alpha\n    bogus: true\n');
    const broken = await eventually(
      () => t.http.get(`${SRC}/diagnostics`).set(viewer).expect(200),
      (res) => res.body.status.state === 'error',
    );
    expect(broken.body.status).toMatchObject({
      state: 'error',
      entityCount: 3,
      lastRefreshStatus: 'error',
      lastSuccessTime: lastGood,
    });
    expect(broken.body.status.lastError).toContain('mcpservers[0].bogus (line 3): unknown field');
    const plugin = await t.http.get(`${MGMT}/plugins/mcp/diagnostics`).set(viewer).expect(200);
    expect(plugin.body).toMatchObject({
      plugin: 'mcp',
      serving: true,
      initialLoad: 'done',
      totalEntities: 3 + 1,
    });
  });

  it('rollback refreshes and updates the status', async () => {
    const revisions = (await t.http.get(`${SRC}/revisions`).set(viewer).expect(200)).body.items;
    const target = revisions.find((r: { author: string }) => r.author === 'external');
    const res = await t.http
      .post(`${SRC}:rollback`)
      .set(operator)
      .send({ revisionId: target.id })
      .expect(200);
    expect(res.body.refreshResult.status).toBeDefined();
    const status = (await listed(t, 'team')).status;
    expect(status.lastRefreshTime).toBe(res.body.refreshResult.finishedAt);
  });

  it('the status survives an app restart: the listing and diagnostics still show it', async () => {
    const before = (await listed(t, 'team')).status;
    expect(before.lastSuccessTime).not.toBeNull();
    await t.close({ keep: true });
    // Broken content makes the restarted server's boot refresh fail, so what the listing shows
    // about the last success can only come from the persisted row.
    t.config.write('mcp/team.yaml', 'mcpservers: [');
    const again = await startTestApp({ config: t.config, database: t.database });
    try {
      const after = (await listed(again, 'team')).status;
      expect(after).toMatchObject({
        state: 'error',
        lastRefreshStatus: 'error',
        lastSuccessTime: before.lastSuccessTime,
        entityCount: before.entityCount,
      });
      const diag = await again.http.get(`${SRC}/diagnostics`).set(viewer).expect(200);
      expect(diag.body.status.lastSuccessTime).toBe(before.lastSuccessTime);
    } finally {
      await again.close();
      t = undefined as unknown as TestApp;
    }
  });
});
