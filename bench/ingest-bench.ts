/**
 * npm run bench:ingest — ingestion throughput on real PostgreSQL (DATABASE_URL or 127.0.0.1:5432).
 * Prints a table and writes bench/results/ingest.json. Sizes can be scaled with BENCH_SCALE (e.g. 0.1).
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CatalogIngestionService, InitialLoadService, ManagedPlugin, PluginRegistry, loadCatalogEnv, CatalogLogger } from '@catalog/plugin';
import { createCatalogApp } from '../apps/catalog-server/src/catalog-app';
import { createBenchDatabase, printTable, timed, withPeakRss } from './bench-support';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const BIG = Math.round(100_000 * SCALE);
const SMALL = Math.round(1_000 * SCALE);

function server(i: number, variant = 0): Record<string, unknown> {
  return {
    name: `bench-server-${String(i).padStart(6, '0')}`,
    externalId: `ext-${i}`,
    description: `Synthetic MCP server number ${i} for ingestion benchmarks, variant ${variant}`,
    serverUrl: `https://mcp-${i}.bench.test/v1`,
    transportType: ['stdio', 'http', 'sse'][i % 3],
    toolCount: i % 40,
    resourceCount: i % 7,
    promptCount: i % 5,
    deploymentMode: i % 2 ? 'remote' : 'local',
    image: `registry.bench.test/mcp/server-${i}:1.${variant}`,
    endpoint: `https://mcp-${i}.bench.test/v1`,
    supportedTransports: 'stdio,http',
    license: ['MIT', 'Apache-2.0', 'BSD-3-Clause'][i % 3],
    verified: i % 2 === 0,
    certified: i % 5 === 0,
    provider: `Provider ${i % 50}`,
    logo: 'data:image/svg+xml;base64,PHN2Zy8+',
    category: `Category ${i % 12}`,
    customProperties: { team: `team-${i % 20}`, tier: i % 3 },
  };
}

function catalogYaml(count: number, changed: (i: number) => boolean = () => false): string {
  const lines = ['mcpservers:'];
  for (let i = 0; i < count; i++) lines.push(`  - ${JSON.stringify(server(i, changed(i) ? 1 : 0))}`);
  return `${lines.join('\n')}\n`;
}

async function baselineInsert(url: string, count: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const cols = ['source_id', 'name', 'content_hash', 'create_time', 'last_update_time', 'external_id', 'description', 'server_url', 'transport_type', 'tool_count', 'resource_count', 'prompt_count', 'deployment_mode', 'image', 'endpoint', 'supported_transports', 'license', 'verified', 'certified', 'provider', 'logo', 'category', 'custom_properties'];
  await client.query(`CREATE TABLE bench_baseline (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, source_id text, name text, content_hash text, create_time bigint, last_update_time bigint, external_id text, description text, server_url text, transport_type text, tool_count bigint, resource_count bigint, prompt_count bigint, deployment_mode text, image text, endpoint text, supported_transports text, license text, verified boolean, certified boolean, provider text, logo text, category text, custom_properties jsonb)`);
  const batch = 1000;
  const { ms } = await timed(async () => {
    for (let start = 0; start < count; start += batch) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const s = server(i);
        const values = ['big', s.name, 'hash', Date.now(), Date.now(), s.externalId, s.description, s.serverUrl, s.transportType, s.toolCount, s.resourceCount, s.promptCount, s.deploymentMode, s.image, s.endpoint, s.supportedTransports, s.license, s.verified, s.certified, s.provider, s.logo, s.category, JSON.stringify(s.customProperties)];
        tuples.push(`(${values.map((_, k) => `$${params.length + k + 1}`).join(',')})`);
        params.push(...values);
      }
      await client.query(`INSERT INTO bench_baseline (${cols.join(',')}) VALUES ${tuples.join(',')}`, params);
    }
  });
  await client.end();
  return ms;
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bench-'));
  mkdirSync(join(dir, 'mcp'));
  writeFileSync(join(dir, 'mcp', 'big.yaml'), 'mcpservers: []\n');
  writeFileSync(join(dir, 'mcp', 'small.yaml'), 'mcpservers: []\n');
  writeFileSync(
    join(dir, 'sources.yaml'),
    `apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  mcp:\n    sources:\n      - { id: big, name: Big, type: yaml, properties: { yamlCatalogPath: mcp/big.yaml } }\n      - { id: small, name: Small, type: yaml, properties: { yamlCatalogPath: mcp/small.yaml } }\n`,
  );
  const env = loadCatalogEnv({ DATABASE_URL: db.url, CATALOG_CONFIG_DIR: dir, CATALOG_CONFIG_PATHS: join(dir, 'sources.yaml'), LOG_LEVEL: 'warn' });
  const catalog = await createCatalogApp({ env, logger: new CatalogLogger('json', 'error') });
  try {
    await catalog.app.get(InitialLoadService).whenDone();
    const engine = catalog.app.get(CatalogIngestionService);
    const plugin = catalog.app.get(PluginRegistry).get('mcp').plugin as ManagedPlugin;
    const rows: Array<Record<string, string | number>> = [];
    const report = (scenario: string, entities: number, ms: number, extra: Record<string, string | number> = {}) => {
      rows.push({ scenario, entities, ms: Math.round(ms), 'entities/s': Math.round((entities / ms) * 1000), ...extra });
    };

    writeFileSync(join(dir, 'mcp', 'small.yaml'), catalogYaml(SMALL));
    const small = await timed(() => engine.refreshSource(plugin, 'small'));
    report(`initial load ${SMALL}`, SMALL, small.ms);

    writeFileSync(join(dir, 'mcp', 'big.yaml'), catalogYaml(BIG));
    global.gc?.();
    const full = await withPeakRss(() => timed(() => engine.refreshSource(plugin, 'big')));
    if (full.value.value.added !== BIG) throw new Error(`expected ${BIG} added, got ${JSON.stringify(full.value.value)}`);
    report(`initial load ${BIG}`, BIG, full.value.ms, { peakRssMiB: Math.round(full.peakMiB) });

    const noop = await timed(() => engine.refreshSource(plugin, 'big'));
    report('refresh, nothing changed', BIG, noop.ms);

    writeFileSync(join(dir, 'mcp', 'big.yaml'), catalogYaml(BIG, (i) => i === 4242 % BIG));
    const one = await timed(() => engine.refreshSource(plugin, 'big'));
    if (one.value.updated !== 1) throw new Error(`expected 1 updated, got ${one.value.updated}`);
    report('refresh, 1 changed', BIG, one.ms);

    writeFileSync(join(dir, 'mcp', 'big.yaml'), catalogYaml(BIG, (i) => i % 100 === 0));
    const pct = await timed(() => engine.refreshSource(plugin, 'big'));
    report('refresh, 1% changed', BIG, pct.ms, { updated: pct.value.updated });

    const baselineMs = await baselineInsert(db.url, BIG);
    report('baseline multi-row INSERT (bare table)', BIG, baselineMs);

    printTable(rows);
    const loadRate = BIG / full.value.ms;
    const baseRate = BIG / baselineMs;
    const targets = {
      initialLoadVsBaseline: { value: +(loadRate / baseRate).toFixed(2), target: '>= 0.5', met: loadRate / baseRate >= 0.5 },
      oneChangeVsFullLoad: { value: +(one.ms / full.value.ms).toFixed(3), target: '< 0.10', met: one.ms / full.value.ms < 0.1 },
      peakRssMiB: { value: Math.round(full.peakMiB), target: '< 500', met: full.peakMiB < 500 },
    };
    process.stdout.write(`\ntargets: ${JSON.stringify(targets, null, 2)}\n`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(
      join(__dirname, 'results', 'ingest.json'),
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, scale: SCALE, rows, targets }, null, 2)}\n`,
    );
  } finally {
    await catalog.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
