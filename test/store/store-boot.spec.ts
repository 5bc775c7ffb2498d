import { makeConfigDir, TempConfigDir } from '../support/config-dir';
import { freePort, spawnServer, waitForHttp } from '../support/server-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('config store at server boot', () => {
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

  it('exits non-zero with a clear message when CATALOG_CONFIG_PATHS is outside CATALOG_CONFIG_DIR', async () => {
    const other = makeConfigDir({}, { copyShipped: true });
    try {
      const server = spawnServer({
        PORT: String(await freePort()),
        DATABASE_URL: db.url,
        CATALOG_CONFIG_DIR: config.root,
        CATALOG_CONFIG_PATHS: other.path('sources.yaml'),
      });
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(
        /cannot start: sources file \S+ \(CATALOG_CONFIG_PATHS\) is outside the config root/,
      );
      expect(server.output()).not.toMatch(/\n\s+at /);
    } finally {
      other.remove();
    }
  });

  it('boots in read-only mode (none) and in file mode from the shipped config', async () => {
    for (const mode of ['none', 'file']) {
      const port = await freePort();
      const server = spawnServer({
        PORT: String(port),
        DATABASE_URL: db.url,
        CATALOG_CONFIG_DIR: config.root,
        CATALOG_CONFIG_PATHS: config.path('sources.yaml'),
        CATALOG_CONFIG_STORE_MODE: mode,
      });
      try {
        await waitForHttp(server);
      } finally {
        server.kill();
        expect(await server.exited).toBe(0);
      }
    }
  });
});
