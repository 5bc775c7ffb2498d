import { Client } from 'pg';
import { makeConfigDir } from '../support/config-dir';
import { contentGate, GatedMcpPluginModule } from '../support/gated-mcp-plugin';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

describe('shutdown during the boot-time load', () => {
  it('starts no further sources, lets the running ones finish, and closes', async () => {
    contentGate.reset();
    const database = await createTestDatabase();
    const config = makeConfigDir({
      'sources.yaml': sourcesYaml([{ id: 's1' }, { id: 's2' }, { id: 's3' }]),
      'mcp/s1.yaml': mcpYaml([mcpEntry('one')]),
      'mcp/s2.yaml': mcpYaml([mcpEntry('two')]),
      'mcp/s3.yaml': mcpYaml([mcpEntry('three')]),
    });
    const t = await startTestApp({
      plugins: [GatedMcpPluginModule],
      waitForInitialLoad: false,
      database,
      config,
    });
    try {
      // Two sources load at a time: s1 and s2 are now held at the gate, s3 waits its turn.
      await contentGate.arrived(2);
      const closing = t.close({ keep: true });
      contentGate.release();
      await closing;
      expect(contentGate.arrivals).toBe(2);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ source_id: string }>(
          `SELECT source_id FROM catalog_refresh_status WHERE plugin_name = 'mcp' ORDER BY source_id`,
        );
        expect(rows.map((r) => r.source_id)).toEqual(['s1', 's2']);
        const names = await client.query<{ name: string }>(
          'SELECT name FROM mcp_server ORDER BY name',
        );
        expect(names.rows.map((r) => r.name)).toEqual(['one', 'two']);
      } finally {
        await client.end();
      }
    } finally {
      contentGate.reset();
      await database.drop();
      config.remove();
    }
  });
});
