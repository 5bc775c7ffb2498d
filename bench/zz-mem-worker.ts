import 'reflect-metadata';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagedPlugin } from '@catalog/plugin';
import { createBenchDatabase } from './bench-support';
/* eslint-disable @typescript-eslint/no-require-imports */
const kernel = require('../dist/libs/catalog-plugin/src') as typeof import('@catalog/plugin');
const { createCatalogApp } = require('../dist/apps/catalog-server/src/catalog-app') as typeof import('../apps/catalog-server/src/catalog-app');
async function main() {
  const db = await createBenchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'zz-mem-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'models', 'big.yaml'), 'models: []\n');
  writeFileSync(join(dir, 'sources.yaml'), 'apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  models:\n    sources:\n      - { id: big, name: Big, type: yaml, properties: { yamlCatalogPath: models/big.yaml } }\n');
  const env = kernel.loadCatalogEnv({ ...process.env, DATABASE_URL: db.url, CATALOG_CONFIG_DIR: dir, CATALOG_CONFIG_PATHS: join(dir, 'sources.yaml'), LOG_LEVEL: 'error' });
  const catalog = await createCatalogApp({ env, logger: new kernel.CatalogLogger('json', 'error') });
  await catalog.app.get(kernel.InitialLoadService).whenDone();
  const engine = catalog.app.get(kernel.CatalogIngestionService);
  const plugin = catalog.app.get(kernel.PluginRegistry).get('model').plugin as ManagedPlugin;
  copyFileSync('/tmp/model-helper/big20k.yaml', join(dir, 'models', 'big.yaml'));
  const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const timer = setInterval(() => { const m = process.memoryUsage(); for (const k of Object.keys(peak) as Array<keyof typeof peak>) peak[k] = Math.max(peak[k], m[k]); }, 20);
  const t = Date.now();
  const r = await engine.refreshSource(plugin, 'big');
  clearInterval(timer);
  console.log('ms', Date.now() - t, r.added, Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, Math.round(v / 1048576)])));
  await catalog.close(); await db.drop();
}
void main();
