import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DEFAULT_PLUGINS } from '../../apps/catalog-server/src/app.module';
import { makeConfigDir } from '../support/config-dir';
import { MGMT, operator, viewer } from '../support/management-api';
import { GatedPluginModule } from '../support/secured-plugin';
import { startTestApp, TestApp } from '../support/test-app';

const KEY = 'k3y-that-must-not-leak-4471';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('SecretRefs are resolved only at refresh time, through the SecretResolver', () => {
  let t: TestApp;
  beforeAll(async () => {
    const config = makeConfigDir({
      'sources.yaml': `apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  gated:\n    sources:\n      - id: vault\n        name: Vault\n        type: gated-yaml\n        properties:\n          yamlCatalogPath: gated/vault.yaml\n          accessKey: { name: gated-creds, key: access-key }\n`,
      'gated/vault.yaml': `# key-sha: ${sha(KEY)}\nitems:\n  - name: first\n    note: hello\n`,
      'secrets/gated-creds/access-key': KEY,
    });
    t = await startTestApp({
      config,
      plugins: [...DEFAULT_PLUGINS, GatedPluginModule],
      env: { CATALOG_SECRETS_DIR: config.path('secrets'), CATALOG_REFRESH_MIN_INTERVAL_S: '0' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the boot-time load resolved the SecretRef and loaded the content', async () => {
    const rows = await t.app
      .get<DataSource>(getDataSourceToken())
      .query('SELECT name, note FROM gated_item');
    expect(rows).toEqual([{ name: 'first', note: 'hello' }]);
  });

  it('the SecretRef is returned as is; the value appears nowhere (responses, status, logs, database)', async () => {
    const got = await t.http.get(`${MGMT}/plugins/gated/sources/vault`).set(viewer).expect(200);
    expect(got.body.source.properties.accessKey).toEqual({
      name: 'gated-creds',
      key: 'access-key',
    });
    const everything = [
      JSON.stringify(got.body),
      JSON.stringify(
        (await t.http.get(`${MGMT}/plugins/gated/sources`).set(viewer).expect(200)).body,
      ),
      JSON.stringify(
        (await t.http.get(`${MGMT}/plugins/gated/diagnostics`).set(viewer).expect(200)).body,
      ),
      JSON.stringify(
        await t.app
          .get<DataSource>(getDataSourceToken())
          .query('SELECT * FROM catalog_refresh_status'),
      ),
      t.logs.text,
    ].join('\n');
    expect(everything).not.toContain(KEY);
  });

  it('a wrong secret fails the refresh (previous entities kept) without revealing either value', async () => {
    t.config.write('secrets/gated-creds/access-key', 'wrong-value-9931');
    const res = await t.http
      .post(`${MGMT}/plugins/gated/sources/vault:refresh`)
      .set(operator)
      .expect(200);
    expect(res.body).toMatchObject({ status: 'error', entitiesLoaded: 1 });
    expect(res.body.errors[0].message).toContain('access key rejected');
    expect(JSON.stringify(res.body) + t.logs.text).not.toContain('wrong-value-9931');
  });

  it('a missing secret names the reference, not a value', async () => {
    t.config.write('secrets/gated-creds/access-key', KEY);
    await t.http
      .post(`${MGMT}/plugins/gated/sources/vault:apply`)
      .set(operator)
      .send({
        source: {
          id: 'vault',
          name: 'Vault',
          type: 'gated-yaml',
          properties: {
            yamlCatalogPath: 'gated/vault.yaml',
            accessKey: { name: 'absent', key: 'k' },
          },
        },
      })
      .expect(200);
    const res = await t.http
      .post(`${MGMT}/plugins/gated/sources/vault:refresh`)
      .set(operator)
      .expect(200);
    expect(res.body.status).toBe('error');
    expect(res.body.errors[0].message).toContain('absent[k]');
  });
});
