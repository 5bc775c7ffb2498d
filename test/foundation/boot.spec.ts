import { Client } from 'pg';
import { makeConfigDir, TempConfigDir } from '../support/config-dir';
import { freePort, spawnServer, waitForHttp } from '../support/server-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { CORE_MIGRATIONS } from '@catalog/plugin';
import { DEFAULT_PLUGINS } from '../../apps/catalog-server/src/app.module';

const BROKEN_SOURCES = `apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    sources:
      - id: a
        name: A
        type: yaml
        enabeld: true
`;

describe('server process boot', () => {
  let config: TempConfigDir;
  let db: TestDatabase;

  beforeAll(async () => {
    config = makeConfigDir({}, { copyShipped: true });
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
    config.remove();
  });

  const baseEnv = (port: number): Record<string, string> => ({
    PORT: String(port),
    DATABASE_URL: db.url,
    CATALOG_CONFIG_DIR: config.root,
    CATALOG_CONFIG_PATHS: config.path('sources.yaml'),
  });

  it('exits non-zero with a clear message on a bad environment value', async () => {
    const server = spawnServer({ ...baseEnv(1), PORT: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT="abc"');
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero naming path and line of a bad sources.yaml, without a stack trace', async () => {
    const broken = makeConfigDir({ 'sources.yaml': BROKEN_SOURCES });
    try {
      const server = spawnServer({
        ...baseEnv(await freePort()),
        CATALOG_CONFIG_DIR: broken.root,
        CATALOG_CONFIG_PATHS: broken.path('sources.yaml'),
      });
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain('catalogs.mcp.sources[0].enabeld at line 9');
      expect(server.output()).toContain('unknown field');
      expect(server.output()).not.toMatch(/\n\s+at /);
    } finally {
      broken.remove();
    }
  });

  it('boots two processes at once against one empty database; migrations run once', async () => {
    const fresh = await createTestDatabase();
    const [p1, p2] = [await freePort(), await freePort()];
    const a = spawnServer({ ...baseEnv(p1), DATABASE_URL: fresh.url });
    const b = spawnServer({ ...baseEnv(p2), DATABASE_URL: fresh.url });
    try {
      await Promise.all([waitForHttp(a), waitForHttp(b)]);
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>(
          'SELECT name FROM migrations ORDER BY id',
        );
        const expected = [
          ...CORE_MIGRATIONS,
          ...DEFAULT_PLUGINS.flatMap((p) => p.schema.migrations),
        ].map((m) => m.name);
        expect(rows.map((r) => r.name).sort()).toEqual(expected.sort());
      } finally {
        await client.end();
      }
      const applied = [a.output(), b.output()].filter((o) => o.includes('"migrations applied"'));
      expect(applied).toHaveLength(1);
    } finally {
      a.kill();
      b.kill();
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);
      await fresh.drop();
    }
  });
});
