import { readFileSync } from 'node:fs';
import { makeConfigDir } from '../support/config-dir';
import { MGMT, operator, viewer } from '../support/management-api';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const SRC = `${MGMT}/plugins/mcp/sources/team`;
const SECRET_PROP = 'prop-secret-5f2a9';
const SECRET_YAML = 'yaml-secret-8c1d7';

describe('redaction of secrets in responses, revisions and logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'team' }]),
        'mcp/team.yaml': mcpYaml([mcpEntry('alpha')]),
      }),
    });
    const rawYaml = `mcpservers:\n  - name: alpha\n    serverUrl: https://a.test\n    customProperties:\n      apiToken: ${SECRET_YAML}   # inline on purpose\n      region: eu\n`;
    await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'Team',
          type: 'yaml',
          properties: {
            yamlCatalogPath: 'mcp/team.yaml',
            connection: {
              headers: [{ name: 'x', authToken: SECRET_PROP }],
              secretRef: { name: 'gh', key: 'token' },
            },
            webhookToken: { name: 'hooks', key: 'token', namespace: 'ops' },
          },
        },
        rawYaml,
        options: { refreshAfterApply: true },
      })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('redacts at any depth in source properties and in rawYaml; SecretRefs pass', async () => {
    const got = await t.http.get(SRC).set(viewer).expect(200);
    expect(got.body.source.properties).toEqual({
      yamlCatalogPath: 'mcp/team.yaml',
      connection: {
        headers: [{ name: 'x', authToken: '***REDACTED***' }],
        secretRef: { name: 'gh', key: 'token' },
      },
      webhookToken: { name: 'hooks', key: 'token', namespace: 'ops' },
    });
    expect(got.body.rawYaml).toContain('apiToken: "***REDACTED***"   # inline on purpose');
    expect(got.body.rawYaml).toContain('region: eu');
  });

  it('never returns secret values from revisions, listings or diagnostics', async () => {
    const revisions = await t.http.get(`${SRC}/revisions`).set(viewer).expect(200);
    for (const r of revisions.body.items) {
      const one = await t.http.get(`${SRC}/revisions/${r.id}`).set(viewer).expect(200);
      expect(JSON.stringify(one.body)).not.toContain(SECRET_PROP);
      expect(JSON.stringify(one.body)).not.toContain(SECRET_YAML);
    }
    for (const path of [
      `${MGMT}/plugins/mcp/sources`,
      `${MGMT}/plugins/mcp/diagnostics`,
      `${SRC}/diagnostics`,
    ]) {
      const body = JSON.stringify((await t.http.get(path).set(viewer).expect(200)).body);
      expect(body).not.toContain(SECRET_PROP);
      expect(body).not.toContain(SECRET_YAML);
    }
  });

  it('a UI saving what it was shown keeps the stored secrets; a new value replaces them', async () => {
    const shown = await t.http.get(SRC).set(viewer).expect(200);
    const rawYaml = shown.body.rawYaml.replace('region: eu', 'region: us');
    await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({ source: shown.body.source, rawYaml })
      .expect(200);
    const content = readFileSync(t.config.path('mcp/team.yaml'), 'utf8');
    expect(content).toContain(`apiToken: ${SECRET_YAML}   # inline on purpose`);
    expect(content).toContain('region: us');
    expect(readFileSync(t.config.path('sources.yaml'), 'utf8')).toContain(SECRET_PROP);

    const changed = structuredClone(shown.body.source);
    changed.properties.connection.headers[0].authToken = 'brand-new-value';
    await t.http.post(`${SRC}:apply`).set(operator).send({ source: changed }).expect(200);
    const sources = readFileSync(t.config.path('sources.yaml'), 'utf8');
    expect(sources).toContain('brand-new-value');
    expect(sources).not.toContain(SECRET_PROP);
  });

  it('a placeholder with no stored value to keep is a 422, not a silent loss', async () => {
    const res = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'Team',
          type: 'yaml',
          properties: { yamlCatalogPath: 'mcp/team.yaml', newPassword: '***REDACTED***' },
        },
      });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'source.properties.newPassword' }),
    ]);
  });

  it('no secret value ever reached the logs', () => {
    expect(t.logs.text).not.toContain(SECRET_PROP);
    expect(t.logs.text).not.toContain(SECRET_YAML);
    expect(t.logs.text).not.toContain('brand-new-value');
    expect(t.logs.text).toContain('"msg":"audit"');
  });
});
