import { RefreshStatusRepository } from '@catalog/plugin';
import { makeConfigDir } from '../support/config-dir';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';

describe('edits made outside the server (file store watcher)', () => {
  let t: TestApp;
  const names = async () =>
    (
      (await t.http.get('/api/mcp_catalog/v1alpha1/mcp_servers').expect(200)).body.items as Array<{
        name: string;
      }>
    ).map((i) => i.name);

  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'a' }]),
        'mcp/a.yaml': mcpYaml([mcpEntry('one')]),
      }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refreshes a source whose content file was edited by hand', async () => {
    t.config.write('mcp/a.yaml', mcpYaml([mcpEntry('one'), mcpEntry('two')]));
    expect(await eventually(names, (n) => n.length === 2)).toEqual(['one', 'two']);
  });

  it('keeps serving the last good data when a hand edit breaks the content, and records the error', async () => {
    t.config.write('mcp/a.yaml', 'mcpservers:\n  - name: three\n    bogus: 1\n');
    const status = await eventually(
      () => t.app.get(RefreshStatusRepository).find('mcp', 'a'),
      (s) => s?.lastRefreshStatus === 'error',
    );
    expect(status?.lastError).toContain('mcpservers[0].bogus (line 3): unknown field');
    expect(await names()).toEqual(['one', 'two']);
  });

  it('removes the entities of a source deleted from sources.yaml by hand', async () => {
    t.config.write(
      'sources.yaml',
      'apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  mcp:\n    sources: []\n',
    );
    expect(await eventually(names, (n) => n.length === 0)).toEqual([]);
  });
});
