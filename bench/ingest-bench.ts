/**
 * npm run bench:ingest — ingestion throughput on real PostgreSQL (DATABASE_URL or 127.0.0.1:5432).
 * The server runs in a child process (bench/catalog-worker.ts) so its timings and peak RSS are
 * measured alone. Prints a table and writes bench/results/ingest.json. BENCH_SCALE shrinks the sizes.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createBenchDatabase, printTable, timed } from './bench-support';
import type { WorkerRefreshReply } from './catalog-worker';
import { ARTIFACTS_PER_MODEL, mcpCatalog, modelCatalog, server } from './catalog-generators';

const SERVER_HEAP_MB = 320;
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const MCP_BIG = Math.round(100_000 * SCALE);
const MCP_SMALL = Math.round(1_000 * SCALE);
const MODELS = Math.round(20_000 * SCALE);

async function baselineInsert(url: string, count: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const cols = [
    'source_id',
    'name',
    'content_hash',
    'create_time',
    'last_update_time',
    'external_id',
    'description',
    'server_url',
    'transport_type',
    'tool_count',
    'resource_count',
    'prompt_count',
    'deployment_mode',
    'image',
    'endpoint',
    'supported_transports',
    'license',
    'verified',
    'certified',
    'provider',
    'logo',
    'category',
    'custom_properties',
  ];
  await client.query(
    `CREATE TABLE bench_baseline (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, source_id text, name text, content_hash text, create_time bigint, last_update_time bigint, external_id text, description text, server_url text, transport_type text, tool_count bigint, resource_count bigint, prompt_count bigint, deployment_mode text, image text, endpoint text, supported_transports text, license text, verified boolean, certified boolean, provider text, logo text, category text, custom_properties jsonb)`,
  );
  const batch = 1000;
  const { ms } = await timed(async () => {
    for (let start = 0; start < count; start += batch) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const s = server(i);
        const values = [
          'big',
          s.name,
          'hash',
          Date.now(),
          Date.now(),
          s.externalId,
          s.description,
          s.serverUrl,
          s.transportType,
          s.toolCount,
          s.resourceCount,
          s.promptCount,
          s.deploymentMode,
          s.image,
          s.endpoint,
          s.supportedTransports,
          s.license,
          s.verified,
          s.certified,
          s.provider,
          s.logo,
          s.category,
          JSON.stringify(s.customProperties),
        ];
        tuples.push(`(${values.map((_, k) => `$${params.length + k + 1}`).join(',')})`);
        params.push(...values);
      }
      await client.query(
        `INSERT INTO bench_baseline (${cols.join(',')}) VALUES ${tuples.join(',')}`,
        params,
      );
    }
  });
  await client.end();
  return ms;
}

class Worker {
  private readonly child;
  private pending?: (msg: unknown) => void;
  readonly ready: Promise<void>;

  constructor(env: Record<string, string>) {
    this.child = fork(join(__dirname, 'catalog-worker.ts'), [], {
      // The server's production heap setting (docker/Dockerfile, k8s/deployment.yaml, npm start).
      execArgv: [
        '--expose-gc',
        `--max-old-space-size=${SERVER_HEAP_MB}`,
        '-r',
        '@swc-node/register',
      ],
      env: { ...process.env, ...env },
    });
    this.child.on('message', (msg) => this.pending?.(msg));
    this.ready = new Promise((resolve, reject) => {
      this.pending = () => resolve();
      this.child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
    });
  }

  refresh(plugin: string, sourceId: string): Promise<WorkerRefreshReply> {
    return new Promise((resolve) => {
      this.pending = (msg) => resolve(msg as WorkerRefreshReply);
      this.child.send({ cmd: 'refresh', plugin, sourceId });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ cmd: 'stop' });
    });
  }
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bench-'));
  mkdirSync(join(dir, 'mcp'));
  mkdirSync(join(dir, 'models'));
  for (const f of ['mcp/big.yaml', 'mcp/small.yaml'])
    writeFileSync(join(dir, f), 'mcpservers: []\n');
  writeFileSync(join(dir, 'models', 'big.yaml'), 'models: []\n');
  writeFileSync(
    join(dir, 'sources.yaml'),
    [
      'apiVersion: catalog/v1alpha1',
      'kind: CatalogSources',
      'catalogs:',
      '  mcp:',
      '    sources:',
      '      - { id: big, name: Big, type: yaml, properties: { yamlCatalogPath: mcp/big.yaml } }',
      '      - { id: small, name: Small, type: yaml, properties: { yamlCatalogPath: mcp/small.yaml } }',
      '  models:',
      '    sources:',
      '      - { id: models-big, name: Models, type: yaml, properties: { yamlCatalogPath: models/big.yaml } }',
      '',
    ].join('\n'),
  );
  // Read-only store: no file watcher, so only the refreshes the bench asks for run (a watcher
  // would refresh the rewritten files on its own, concurrently with the measured refresh).
  const worker = new Worker({
    CATALOG_CONFIG_STORE_MODE: 'none',
    DATABASE_URL: db.url,
    CATALOG_CONFIG_DIR: dir,
    CATALOG_CONFIG_PATHS: join(dir, 'sources.yaml'),
  });
  const rows: Array<Record<string, string | number>> = [];
  const report = (
    scenario: string,
    entities: number,
    r: { ms: number; peakRssMiB?: number },
    extra: Record<string, string | number> = {},
  ): void => {
    rows.push({
      scenario,
      entities,
      ms: Math.round(r.ms),
      'entities/s': Math.round((entities / r.ms) * 1000),
      'peak RSS MiB': r.peakRssMiB === undefined ? '-' : Math.round(r.peakRssMiB),
      ...extra,
    });
  };
  const expect = (r: WorkerRefreshReply, what: Partial<WorkerRefreshReply['result']>): void => {
    for (const [k, v] of Object.entries(what)) {
      if ((r.result as Record<string, unknown>)[k] !== v)
        throw new Error(`expected ${k}=${String(v)}: ${JSON.stringify(r.result)}`);
    }
  };
  try {
    await worker.ready;
    writeFileSync(join(dir, 'mcp', 'small.yaml'), mcpCatalog(MCP_SMALL));
    const small = await worker.refresh('mcp', 'small');
    expect(small, { added: MCP_SMALL });
    report(`mcp: initial load, ${MCP_SMALL}`, MCP_SMALL, small);

    writeFileSync(join(dir, 'mcp', 'big.yaml'), mcpCatalog(MCP_BIG));
    const full = await worker.refresh('mcp', 'big');
    expect(full, { added: MCP_BIG });
    report(`mcp: initial load, ${MCP_BIG}`, MCP_BIG, full);

    const noop = await worker.refresh('mcp', 'big');
    expect(noop, { unchanged: MCP_BIG });
    report('mcp: refresh, nothing changed', MCP_BIG, noop);

    writeFileSync(
      join(dir, 'mcp', 'big.yaml'),
      mcpCatalog(MCP_BIG, (i) => i === 4242 % MCP_BIG),
    );
    const one = await worker.refresh('mcp', 'big');
    expect(one, { updated: 1 });
    report('mcp: refresh, 1 changed', MCP_BIG, one);

    writeFileSync(
      join(dir, 'mcp', 'big.yaml'),
      mcpCatalog(MCP_BIG, (i) => i % 100 === 0),
    );
    const pct = await worker.refresh('mcp', 'big');
    report('mcp: refresh, 1% changed', MCP_BIG, pct, { updated: pct.result.updated });

    // Models: every model carries ARTIFACTS_PER_MODEL artifacts in the child table.
    const artifacts = { artifacts: MODELS * ARTIFACTS_PER_MODEL };
    writeFileSync(join(dir, 'models', 'big.yaml'), modelCatalog(MODELS));
    const modelsFull = await worker.refresh('model', 'models-big');
    process.stderr.write(`model initial load memory: ${JSON.stringify(modelsFull.memory)}\n`);
    expect(modelsFull, { added: MODELS });
    report(
      `model: initial load, ${MODELS} × ${ARTIFACTS_PER_MODEL} artifacts`,
      MODELS,
      modelsFull,
      artifacts,
    );

    const modelsNoop = await worker.refresh('model', 'models-big');
    expect(modelsNoop, { unchanged: MODELS });
    report('model: refresh, nothing changed', MODELS, modelsNoop, artifacts);

    writeFileSync(
      join(dir, 'models', 'big.yaml'),
      modelCatalog(MODELS, (i) => i === 4242 % MODELS),
    );
    const modelsOne = await worker.refresh('model', 'models-big');
    expect(modelsOne, { updated: 1, unchanged: MODELS - 1 });
    report("model: refresh, 1 model's artifacts changed", MODELS, modelsOne, artifacts);

    const baselineMs = await baselineInsert(db.url, MCP_BIG);
    report('baseline: multi-row INSERT, bare table', MCP_BIG, { ms: baselineMs });

    printTable(rows);
    const targets = {
      initialLoadVsBaseline: {
        value: +(baselineMs / full.ms).toFixed(2),
        target: '>= 0.5',
        met: baselineMs / full.ms >= 0.5,
      },
      oneChangeVsFullLoad: {
        value: +(one.ms / full.ms).toFixed(3),
        target: '< 0.10',
        met: one.ms / full.ms < 0.1,
      },
      peakRssMiB: {
        value: Math.round(full.peakRssMiB),
        target: '< 500',
        met: full.peakRssMiB < 500,
      },
      modelOneChangeVsFullLoad: {
        value: +(modelsOne.ms / modelsFull.ms).toFixed(3),
        target: '< 0.10',
        met: modelsOne.ms / modelsFull.ms < 0.1,
      },
      modelPeakRssMiB: {
        value: Math.round(modelsFull.peakRssMiB),
        target: '< 500',
        met: modelsFull.peakRssMiB < 500,
      },
    };
    process.stdout.write(`\ntargets: ${JSON.stringify(targets, null, 2)}\n`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(
      join(__dirname, 'results', 'ingest.json'),
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, scale: SCALE, rows, targets }, null, 2)}\n`,
    );
  } finally {
    await worker.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
