import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { MGMT, operator, snapshotAll } from '../support/management-api';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const SRC = `${MGMT}/plugins/mcp/sources/team`;

describe(':validate — the layered pipeline, and literal :verb routing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'team' }]),
        'mcp/team.yaml': mcpYaml([mcpEntry('alpha')]),
      }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const layers = (body: { layerResults: Array<{ layer: string; status: string }> }) =>
    body.layerResults.map((l) => `${l.layer}:${l.status}`);

  it('reports every layer in order; a valid edit passes all', async () => {
    const res = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({ rawYaml: mcpYaml([mcpEntry('alpha'), mcpEntry('beta')]) })
      .expect(200);
    expect(res.body.valid).toBe(true);
    expect(layers(res.body)).toEqual([
      'yaml_parse:passed',
      'strict_fields:skipped',
      'semantic:passed',
      'security_warnings:passed',
      'provider:passed',
    ]);
    expect(res.body.normalizedYaml).toContain('name: beta');
  });

  it('a YAML parse failure stops the later layers, with line and column', async () => {
    const res = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({ rawYaml: 'mcpservers:\n  - name: a\n   bad: indent\n' })
      .expect(200);
    expect(res.body.valid).toBe(false);
    expect(layers(res.body)).toEqual([
      'yaml_parse:failed',
      'strict_fields:skipped',
      'semantic:skipped',
      'security_warnings:skipped',
      'provider:skipped',
    ]);
    expect(res.body.errors[0]).toMatchObject({ line: 3, column: expect.any(Number) });
  });

  it('strict_fields reports unknown source keys with their paths; semantic checks id, name, type and paths', async () => {
    const strict = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'T',
          type: 'yaml',
          enabeld: true,
          properties: { yamlCatalogPath: 'mcp/team.yaml', anything: { goes: 1 } },
        },
      })
      .expect(200);
    expect(strict.body.layerResults[1]).toMatchObject({
      layer: 'strict_fields',
      status: 'failed',
      errors: [{ field: 'source.enabeld', message: 'unknown field' }],
    });
    const semantic = await t.http
      .post(`${MGMT}/plugins/mcp/sources/Bad_ID:validate`)
      .set(operator)
      .send({ source: { id: 'other', name: 'x'.repeat(300), type: 'ftp', properties: {} } })
      .expect(200);
    const fields = semantic.body.layerResults[2].errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(['id', 'source.id', 'source.name', 'source.type']);
    const escape = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'T',
          type: 'yaml',
          properties: { yamlCatalogPath: '../../etc/passwd' },
        },
      })
      .expect(200);
    expect(escape.body.layerResults[2].errors[0]).toMatchObject({
      field: 'source.properties.yamlCatalogPath',
      message: expect.stringContaining('outside the config root'),
    });
  });

  it('warnings never flip valid', async () => {
    const res = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'T',
          type: 'yaml',
          properties: { yamlCatalogPath: 'mcp/team.yaml', nested: [{ apiKey: 'k' }] },
        },
      })
      .expect(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.warnings.map((w: { field: string }) => w.field)).toEqual([
      'source.properties.nested[0].apiKey',
    ]);
    expect(res.body.layerResults[3]).toMatchObject({
      layer: 'security_warnings',
      status: 'passed',
    });
  });

  it('provider layer: content errors with path and line', async () => {
    const res = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({ rawYaml: 'mcpservers:\n  - name: a\n    serverUrl: x\n    transportType: smoke\n' })
      .expect(200);
    expect(res.body.layerResults[4]).toMatchObject({ layer: 'provider', status: 'failed' });
    expect(res.body.errors).toEqual([
      {
        field: 'mcpservers[0].transportType',
        message: expect.stringContaining('must be one of'),
        line: 4,
        column: 20,
      },
    ]);
  });

  it('validate never changes anything', async () => {
    const before = await snapshotAll(t);
    await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({
        rawYaml: mcpYaml([mcpEntry('zzz')]),
        source: {
          id: 'team',
          name: 'N',
          type: 'yaml',
          properties: { yamlCatalogPath: 'mcp/x.yaml' },
        },
      })
      .expect(200);
    expect(await snapshotAll(t)).toEqual(before);
  });

  it('treats :verb literally: typos and unknown verbs are 404 in the error shape', async () => {
    for (const path of [
      `${SRC}:valdate`,
      `${SRC}:APPLY`,
      `${SRC}validate`,
      `${MGMT}/plugins/mcp:refreshh`,
      `${SRC}:validate:apply`,
    ]) {
      const res = await t.http.post(path).set(operator).send({});
      expectErrorShape(res, 404, 'NOT_FOUND');
    }
  });

  it('404s an unknown plugin or source in the error shape', async () => {
    expectErrorShape(
      await t.http.get(`${MGMT}/plugins/nope/sources`).set(operator),
      404,
      'NOT_FOUND',
    );
    expectErrorShape(
      await t.http.get(`${MGMT}/plugins/mcp/sources/nope`).set(operator),
      404,
      'NOT_FOUND',
    );
    expectErrorShape(
      await t.http.post(`${MGMT}/plugins/mcp/sources/nope:refresh`).set(operator),
      404,
      'NOT_FOUND',
    );
  });
});
