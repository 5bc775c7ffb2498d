import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import {
  CatalogEnv,
  CatalogPluginModule,
  InitialLoadService,
  loadCatalogEnv,
} from '@catalog/plugin';
import { CatalogApp, createCatalogApp } from '../../apps/catalog-server/src/catalog-app';
import { makeConfigDir, TempConfigDir } from './config-dir';
import { createTestDatabase, TestDatabase } from './test-database';
import { memoryLogger, MemoryLogSink } from './test-logs';

export interface TestAppOptions {
  /** Extra environment (strings, as in process.env). */
  env?: Record<string, string>;
  plugins?: readonly CatalogPluginModule[];
  /** Use this config dir; by default a private copy of the shipped config/. */
  config?: TempConfigDir;
  /** Reuse a database (e.g. to test a restart). */
  database?: TestDatabase;
  /** Wait for the boot-time load of every source before returning (default true). */
  waitForInitialLoad?: boolean;
}

export interface TestApp {
  app: INestApplication;
  catalog: CatalogApp;
  http: TestAgent;
  env: CatalogEnv;
  config: TempConfigDir;
  database: TestDatabase;
  logs: MemoryLogSink;
  /** Closes the app; drops the database and config dir unless `keep` is set. */
  close(options?: { keep?: boolean }): Promise<void>;
}

export function testEnv(
  database: TestDatabase,
  config: TempConfigDir,
  extra: Record<string, string> = {},
): CatalogEnv {
  return loadCatalogEnv({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: database.kind === 'embedded' ? '1' : '4',
    CATALOG_CONFIG_DIR: config.root,
    CATALOG_CONFIG_PATHS: config.path('sources.yaml'),
    CATALOG_DATA_DIR: config.path('.data'),
    LOG_LEVEL: 'debug',
    ...extra,
  });
}

/** Boots the real server (real PostgreSQL, real HTTP stack) for one suite. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = options.config ?? makeConfigDir({}, { copyShipped: true });
  const env = testEnv(database, config, options.env);
  const { logger, sink } = memoryLogger('debug');
  let catalog: CatalogApp;
  try {
    catalog = await createCatalogApp({ env, logger, plugins: options.plugins });
  } catch (err) {
    if (!options.database) await database.drop();
    throw err;
  }
  if (options.waitForInitialLoad !== false) await catalog.app.get(InitialLoadService).whenDone();
  return {
    app: catalog.app,
    catalog,
    http: request(catalog.app.getHttpServer()),
    env,
    config,
    database,
    logs: sink,
    close: async ({ keep = false } = {}) => {
      await catalog.close();
      if (!keep) {
        await database.drop();
        config.remove();
      }
    },
  };
}
