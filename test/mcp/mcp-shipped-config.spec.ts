import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { SHIPPED_CONFIG_DIR } from '../support/config-dir';
import { startTestApp, TestApp } from '../support/test-app';

describe('MCP servers from the shipped config/', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves every sample server; paging with pageSize=2 visits each exactly once', async () => {
    const shipped = load(
      readFileSync(join(SHIPPED_CONFIG_DIR, 'mcp', 'mcp-servers.yaml'), 'utf8'),
    ) as { mcpservers: Array<{ name: string }> };
    const expected = shipped.mcpservers.map((s) => s.name).sort();
    expect(expected.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let token = '';
    do {
      const res = await t.http
        .get('/api/mcp_catalog/v1alpha1/mcp_servers')
        .query({ pageSize: 2, ...(token ? { nextPageToken: token } : {}) })
        .expect(200);
      seen.push(...res.body.items.map((i: { name: string }) => i.name));
      token = res.body.nextPageToken;
    } while (token);
    expect(seen).toEqual(expected);
  });
});
