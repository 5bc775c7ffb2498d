import 'reflect-metadata';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/* eslint-disable @typescript-eslint/no-require-imports */
const kernel = require('../dist/libs/catalog-plugin/src') as typeof import('@catalog/plugin');
const { createCatalogApp } =
  require('../dist/apps/catalog-server/src/catalog-app') as typeof import('../apps/catalog-server/src/catalog-app');
import { createBenchDatabase } from './bench-support';
const mib = (n: number) => Math.round(n / 1048576);
async function main() {
  const db = await createBenchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'pr-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'models/big.yaml'), 'source: x\nmodels: []\n');
  writeFileSync(
    join(dir, 'sources.yaml'),
    'apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  models:\n    sources:\n      - { id: big, name: Big, type: yaml, properties: { yamlCatalogPath: models/big.yaml } }\n',
  );
  const text = require('node:fs').readFileSync('/tmp/models.yaml');
  console.error('file MiB', mib(text.length));
  const env = kernel.loadCatalogEnv({
    DATABASE_URL: db.url,
    CATALOG_CONFIG_DIR: dir,
    CATALOG_CONFIG_PATHS: join(dir, 'sources.yaml'),
    CATALOG_CONFIG_STORE_MODE: 'none',
  });
  const app = await createCatalogApp({ env, logger: new kernel.CatalogLogger('json', 'error') });
  await app.app.get(kernel.InitialLoadService).whenDone();
  const engine = app.app.get(kernel.CatalogIngestionService);
  const plugin = app.app.get(kernel.PluginRegistry).get('model')
    .plugin as import('@catalog/plugin').ManagedPlugin;
  writeFileSync(join(dir, 'models/big.yaml'), text);
  global.gc?.();
  const m0 = process.memoryUsage();
  console.error('START rss', mib(m0.rss), 'heap', mib(m0.heapUsed), 'ext', mib(m0.external));
  let peak = 0;
  let peakExt = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakExt = Math.max(peakExt, m.external);
  }, 10);
  const t = Date.now();
  const r = await engine.refreshSource(plugin, 'big');
  clearInterval(timer);
  console.error(
    'END',
    Date.now() - t,
    r.status,
    r.added,
    'peak rss',
    mib(peak),
    'peak ext',
    mib(peakExt),
  );
  global.gc?.();
  const m1 = process.memoryUsage();
  console.error('AFTER GC rss', mib(m1.rss), 'heap', mib(m1.heapUsed), 'ext', mib(m1.external));
  await app.close();
  await db.drop();
}
void main();
