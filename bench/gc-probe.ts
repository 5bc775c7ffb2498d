import 'reflect-metadata';
import { mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/* eslint-disable @typescript-eslint/no-require-imports */
const kernel = require('../dist/libs/catalog-plugin/src') as typeof import('@catalog/plugin');
const { createCatalogApp } =
  require('../dist/apps/catalog-server/src/catalog-app') as typeof import('../apps/catalog-server/src/catalog-app');
import { createBenchDatabase } from './bench-support';
async function main() {
  const db = await createBenchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'pr-'));
  mkdirSync(join(dir, 'mcp'));
  writeFileSync(join(dir, 'mcp/big.yaml'), 'mcpservers: []\n');
  writeFileSync(
    join(dir, 'sources.yaml'),
    'apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  mcp:\n    sources:\n      - { id: big, name: Big, type: yaml, properties: { yamlCatalogPath: mcp/big.yaml } }\n',
  );
  const env = kernel.loadCatalogEnv({
    DATABASE_URL: db.url,
    CATALOG_CONFIG_DIR: dir,
    CATALOG_CONFIG_PATHS: join(dir, 'sources.yaml'),
  });
  const app = await createCatalogApp({ env, logger: new kernel.CatalogLogger('json', 'error') });
  await app.app.get(kernel.InitialLoadService).whenDone();
  const engine = app.app.get(kernel.CatalogIngestionService);
  const plugin = app.app.get(kernel.PluginRegistry).get('mcp')
    .plugin as import('@catalog/plugin').ManagedPlugin;
  writeFileSync(join(dir, 'mcp/big.yaml'), readFileSync('/tmp/big.yaml'));
  global.gc?.();
  console.error('START', Math.round(process.memoryUsage().rss / 1048576));
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t = Date.now();
  const r = await engine.refreshSource(plugin, 'big');
  clearInterval(timer);
  console.error('END', Date.now() - t, r.added, 'peak', Math.round(peak / 1048576));
  global.gc?.();
  console.error(
    'AFTER GC heapUsed',
    Math.round(process.memoryUsage().heapUsed / 1048576),
    'rss',
    Math.round(process.memoryUsage().rss / 1048576),
  );
  await app.close();
  await db.drop();
}
void main();
