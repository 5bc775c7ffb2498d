import { createHash } from 'node:crypto';
import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { MGMT, operator, snapshotAll, viewer } from '../support/management-api';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

interface RouteEntry {
  method: string;
  url: string;
}

/** Every management route registered in the router, with its parameters filled in. */
function managementRoutes(t: TestApp, revisionId: string): RouteEntry[] {
  const server = t.app.getHttpAdapter().getInstance() as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  return server.router.stack
    .filter((layer) => layer.route?.path.startsWith(MGMT))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map((method) => ({
        method,
        url: layer
          .route!.path.replace(/\\:/g, ':')
          .replace(':plugin', 'mcp')
          .replace(':id', 'team')
          .replace(':revisionId', revisionId),
      })),
    );
}

const files = () => ({
  'sources.yaml': sourcesYaml([{ id: 'team' }]),
  'mcp/team.yaml': mcpYaml([mcpEntry('alpha')]),
});

describe('management access control: header mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ config: makeConfigDir(files()) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds every management route in the router (a new route cannot skip the guard)', () => {
    const routes = managementRoutes(t, 'r');
    expect(routes.filter((r) => r.method !== 'get').length).toBeGreaterThanOrEqual(8);
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it('viewer (and no role at all) gets 403 on every mutation and writes nothing; GETs answer 200', async () => {
    const revisionId = (
      await t.http.get(`${MGMT}/plugins/mcp/sources/team/revisions`).set(viewer).expect(200)
    ).body.items[0].id;
    const before = await snapshotAll(t);
    for (const route of managementRoutes(t, revisionId)) {
      if (route.method === 'get') {
        const res = await t.http.get(route.url).set(viewer);
        expect([route.url, res.status]).toEqual([route.url, 200]);
        continue;
      }
      for (const headers of [viewer, {}]) {
        const res = await t.http[route.method as 'post' | 'delete'](route.url)
          .set(headers)
          .send({ revisionId, rawYaml: 'x: 1' });
        expect([route.method, route.url, res.status]).toEqual([route.method, route.url, 403]);
        expectErrorShape(res, 403, 'PERMISSION_DENIED');
      }
    }
    expect(await snapshotAll(t)).toEqual(before);
  });

  it('writes one structured audit line per mutation, with who, role, action, revisions and outcome', async () => {
    const res = await t.http
      .post(`${MGMT}/plugins/mcp/sources/team:disable`)
      .set(operator)
      .set('X-Request-Id', 'audit-probe')
      .expect(200);
    const audit = t.logs
      .records()
      .filter((r) => r.msg === 'audit' && r.requestId === 'audit-probe');
    expect(audit).toEqual([
      expect.objectContaining({
        context: 'audit',
        actor: 'alice',
        role: 'operator',
        action: 'disable',
        plugin: 'mcp',
        source: 'team',
        revisionBefore: expect.any(String),
        revisionAfter: res.body.appliedRevision,
        outcome: 'success',
      }),
    ]);
    const revisions = await t.http
      .get(`${MGMT}/plugins/mcp/sources/team/revisions`)
      .set(viewer)
      .expect(200);
    expect(revisions.body.items[0]).toMatchObject({ action: 'disable', author: 'alice' });
    await t.http
      .post(`${MGMT}/plugins/mcp/sources/team:disable`)
      .set(viewer)
      .set('X-Request-Id', 'audit-refused');
    // Refused by the guard before any handler runs: no audit line claims it happened.
    expect(
      t.logs.records().filter((r) => r.msg === 'audit' && r.requestId === 'audit-refused'),
    ).toEqual([]);
  });
});

describe('management access control: token mode', () => {
  let t: TestApp;
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  beforeAll(async () => {
    const config = makeConfigDir({
      ...files(),
      'tokens.yaml': `- name: ops-bot\n  role: operator\n  sha256: ${sha('op-token-1')}\n- name: dashboard\n  role: viewer\n  sha256: ${sha('view-token-1')}\n`,
    });
    t = await startTestApp({
      config,
      env: { CATALOG_AUTH_MODE: 'token', CATALOG_AUTH_TOKENS_FILE: config.path('tokens.yaml') },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('401 without a token or with a wrong one, on reads and writes alike', async () => {
    expectErrorShape(await t.http.get(`${MGMT}/plugins`), 401, 'UNAUTHENTICATED');
    expectErrorShape(await t.http.get(`${MGMT}/plugins`).set('Authorization', 'Bearer nope'), 401);
    expectErrorShape(
      await t.http.post(`${MGMT}/plugins/mcp/sources/team:disable`).set('X-User-Role', 'operator'),
      401,
    );
  });

  it('viewer token: reads 200, mutations 403; operator token: mutations allowed and recorded under its name', async () => {
    await t.http
      .get(`${MGMT}/plugins/mcp/sources`)
      .set('Authorization', 'Bearer view-token-1')
      .expect(200);
    expectErrorShape(
      await t.http
        .post(`${MGMT}/plugins/mcp/sources/team:disable`)
        .set('Authorization', 'Bearer view-token-1'),
      403,
    );
    await t.http
      .post(`${MGMT}/plugins/mcp/sources/team:disable`)
      .set('Authorization', 'Bearer op-token-1')
      .expect(200);
    const revisions = await t.http
      .get(`${MGMT}/plugins/mcp/sources/team/revisions`)
      .set('Authorization', 'Bearer op-token-1')
      .expect(200);
    expect(revisions.body.items[0]).toMatchObject({ action: 'disable', author: 'ops-bot' });
  });

  it('the data plane stays open', async () => {
    await t.http.get('/api/mcp_catalog/v1alpha1/mcp_servers').expect(200);
  });
});
