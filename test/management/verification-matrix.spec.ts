import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { MGMT, operator, snapshotAll, viewer } from '../support/management-api';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const SRC = `${MGMT}/plugins/mcp/sources/team`;
const LIST = '/api/mcp_catalog/v1alpha1/mcp_servers';

/** The seed's verification matrix (step 05, section B), over HTTP against a running app. */
describe('management plane: verification matrix', () => {
  let t: TestApp;
  const count = async () =>
    (await t.http.get(LIST).query({ source: 'team', pageSize: 100 }).expect(200)).body
      .size as number;

  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'team' }, { id: 'other' }]),
        'mcp/team.yaml': `# team catalog, edited by hand\n${mcpYaml([mcpEntry('alpha'), mcpEntry('bravo'), mcpEntry('charlie')])}`,
        'mcp/other.yaml': mcpYaml([mcpEntry('zulu')]),
      }),
      env: { CATALOG_REFRESH_MIN_INTERVAL_S: '0' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('baseline: the source is listed with a non-zero entity count and its persisted status', async () => {
    const res = await t.http.get(`${MGMT}/plugins/mcp/sources`).set(viewer).expect(200);
    expect(res.body.size).toBe(2);
    const team = res.body.items.find((s: { id: string }) => s.id === 'team');
    expect(team).toMatchObject({
      id: 'team',
      type: 'yaml',
      enabled: true,
      revision: expect.stringMatching(/^[0-9a-f]{16}$/),
      status: {
        state: 'available',
        entityCount: 3,
        lastRefreshStatus: 'success',
        lastRefreshSummary: 'Loaded 3 entities: 3 added, 0 updated, 0 removed',
      },
    });
    expect(await count()).toBe(3);
  });

  it('a valid edit changes the count in the same response', async () => {
    const current = await t.http.get(SRC).set(viewer).expect(200);
    expect(current.headers.etag).toBe(`"${current.body.revision}"`);
    expect(current.body.rawYaml).toContain('# team catalog, edited by hand');
    const rawYaml = `${current.body.rawYaml}${mcpYaml([mcpEntry('delta')]).replace('mcpservers:\n', '')}`;
    const res = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .set('If-Match', current.headers.etag)
      .send({ rawYaml, options: { refreshAfterApply: true } })
      .expect(200);
    expect(res.body).toMatchObject({
      appliedRevision: expect.stringMatching(/^[0-9a-f]{16}$/),
      previousRevision: current.body.revision,
      diffSummary: {
        linesAdded: 1,
        linesRemoved: 0,
        entities: { added: 1, removed: 0, changed: 0, unchanged: 3 },
      },
      refreshResult: { status: 'success', entitiesLoaded: 4, added: 1, updated: 0, removed: 0 },
    });
    expect(await count()).toBe(4);
    const listed = await t.http.get(`${MGMT}/plugins/mcp/sources`).set(viewer).expect(200);
    expect(listed.body.items.find((s: { id: string }) => s.id === 'team').status).toMatchObject({
      entityCount: 4,
      lastRefreshSummary: 'Loaded 4 entities: 1 added, 0 updated, 0 removed',
    });
    const stored = await t.http.get(SRC).set(viewer).expect(200);
    expect(stored.body.rawYaml).toBe(rawYaml);
  });

  it('invalid YAML: 422, nothing changed (entity rows and files byte-identical)', async () => {
    const before = await snapshotAll(t);
    const res = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({
        rawYaml: 'mcpservers:\n  - name: [unclosed\n',
        options: { refreshAfterApply: true },
      });
    expectErrorShape(res, 422, 'VALIDATION_FAILED');
    expect(res.body.details[0]).toMatchObject({
      field: 'rawYaml',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(
      res.body.report.layerResults.map((l: { layer: string; status: string }) => [
        l.layer,
        l.status,
      ]),
    ).toEqual([
      ['yaml_parse', 'failed'],
      ['strict_fields', 'skipped'],
      ['semantic', 'skipped'],
      ['security_warnings', 'skipped'],
      ['provider', 'skipped'],
    ]);
    expect(await snapshotAll(t)).toEqual(before);
  });

  it('unknown field in an MCP entry: 422 naming the field and its line', async () => {
    const before = await snapshotAll(t);
    const res = await t.http.post(`${SRC}:apply`).set(operator).send({
      rawYaml: 'mcpservers:\n  - name: alpha\n    serverUrl: https://a.test\n    toolCont: 3\n',
    });
    expectErrorShape(res, 422, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([
      { field: 'mcpservers[0].toolCont', message: 'unknown field', line: 4, column: 5 },
    ]);
    expect(await snapshotAll(t)).toEqual(before);
  });

  it('rollback restores the previous revision exactly and the previous count', async () => {
    const revisions = await t.http.get(`${SRC}/revisions`).set(viewer).expect(200);
    expect(revisions.body.size).toBeGreaterThanOrEqual(2);
    expect(revisions.body.items[0]).toMatchObject({ action: 'apply', author: 'alice' });
    const original = revisions.body.items[1];
    const originalContent = await t.http
      .get(`${SRC}/revisions/${original.id}`)
      .set(viewer)
      .expect(200);
    const res = await t.http
      .post(`${SRC}:rollback`)
      .set(operator)
      .send({ revisionId: original.id })
      .expect(200);
    expect(res.body.refreshResult).toMatchObject({
      status: 'success',
      entitiesLoaded: 3,
      removed: 1,
    });
    expect(await count()).toBe(3);
    const now = await t.http.get(SRC).set(viewer).expect(200);
    expect(now.body.rawYaml).toBe(originalContent.body.rawYaml);
    expect(now.body.revision).toBe(original.id);
    const after = await t.http.get(`${SRC}/revisions`).set(viewer).expect(200);
    expect(after.body.items[0]).toMatchObject({
      action: 'rollback',
      id: original.id,
      author: 'alice',
    });
  });

  it('inline credential: a warning on validate, redacted on GET; a SecretRef is returned as is', async () => {
    const source = {
      id: 'team',
      name: 'Source team',
      type: 'yaml',
      properties: {
        yamlCatalogPath: 'mcp/team.yaml',
        registryToken: 'tok-very-secret',
        auth: { password: { name: 'registry', key: 'password', namespace: 'catalog' } },
      },
    };
    const validate = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({ source })
      .expect(200);
    expect(validate.body.valid).toBe(true);
    expect(validate.body.warnings).toEqual([
      {
        field: 'source.properties.registryToken',
        message: expect.stringContaining('use a SecretRef'),
      },
    ]);
    await t.http.post(`${SRC}:apply`).set(operator).send({ source }).expect(200);
    const got = await t.http.get(SRC).set(viewer).expect(200);
    expect(got.body.source.properties).toEqual({
      yamlCatalogPath: 'mcp/team.yaml',
      registryToken: '***REDACTED***',
      auth: { password: { name: 'registry', key: 'password', namespace: 'catalog' } },
    });
    expect(JSON.stringify(got.body)).not.toContain('tok-very-secret');
    const listed = await t.http.get(`${MGMT}/plugins/mcp/sources`).set(viewer).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain('tok-very-secret');
  });
});
