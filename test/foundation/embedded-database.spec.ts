import { makeConfigDir } from '../support/config-dir';
import { freePort, spawnServer, waitForHttp } from '../support/server-process';

describe('npm start default: embedded database (no DATABASE_URL)', () => {
  it('serves the shipped catalogs and keeps data across a restart', async () => {
    const config = makeConfigDir({}, { copyShipped: true });
    const env = {
      PORT: String(await freePort()),
      CATALOG_CONFIG_DIR: config.root,
      CATALOG_CONFIG_PATHS: config.path('sources.yaml'),
      CATALOG_DATA_DIR: config.path('.data'),
    };
    const list = async (url: string) => {
      const res = await fetch(`${url}/api/mcp_catalog/v1alpha1/mcp_servers?pageSize=100`);
      expect(res.status).toBe(200);
      return (
        (await res.json()) as {
          items: Array<{ id: string; name: string; createTimeSinceEpoch: string }>;
        }
      ).items;
    };
    try {
      const first = spawnServer(env);
      await waitForHttp(first, '/api/mcp_catalog/v1alpha1/mcp_servers');
      let before: Awaited<ReturnType<typeof list>> = [];
      // The boot-time load runs in the background; wait until it has filled the catalog.
      for (let i = 0; i < 100 && before.length === 0; i++) {
        before = await list(first.url);
        if (before.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(before.length).toBeGreaterThan(0);
      first.kill();
      expect(await first.exited).toBe(0);

      const second = spawnServer(env);
      try {
        await waitForHttp(second, '/api/mcp_catalog/v1alpha1/mcp_servers');
        // Same ids and creation times: the rows survived, they were not loaded anew.
        expect(await list(second.url)).toEqual(before);
      } finally {
        second.kill();
        expect(await second.exited).toBe(0);
      }
    } finally {
      config.remove();
    }
  });
});
