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

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const MCP_BIG = Math.round(100_000 * SCALE);
const MCP_SMALL = Math.round(1_000 * SCALE);
const MODELS = Math.round(20_000 * SCALE);
const ARTIFACTS_PER_MODEL = 5;

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

/** Block-style YAML, the way catalogs are written by hand (see config/mcp). */
function blockYaml(key: string, items: Array<Record<string, unknown>>): string {
  const lines = [`${key}:`];
  const emit = (value: unknown, indent: string, prefix: string): void => {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        lines.push(`${prefix}${k}:`);
        emit(v, `${indent}  `, `${indent}  `);
      } else if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) {
        lines.push(`${prefix}${k}:`);
        for (const x of v) emit(x, `${indent}    `, `${indent}  - `);
      } else lines.push(`${prefix}${k}: ${JSON.stringify(v)}`);
      prefix = indent;
    }
  };
  for (const item of items) emit(item, '    ', '  - ');
  return `${lines.join('\n')}\n`;
}

function mcpCatalog(count: number, changed: (i: number) => boolean = () => false): string {
  return blockYaml(
    'mcpservers',
    Array.from({ length: count }, (_, i) => server(i, changed(i) ? 1 : 0)),
  );
}

const metadata = {
  text: (value: string) => ({ metadataType: 'MetadataStringValue', string_value: value }),
  int: (value: number) => ({ metadataType: 'MetadataIntValue', int_value: String(value) }),
  double: (value: number) => ({ metadataType: 'MetadataDoubleValue', double_value: value }),
};

/**
 * A model in the upstream model catalog format with ARTIFACTS_PER_MODEL artifacts: one model
 * artifact and performance / accuracy metrics artifacts. `variant` changes one metrics value.
 */
function model(i: number, variant = 0): Record<string, unknown> {
  const id = String(i).padStart(6, '0');
  const metrics = Array.from({ length: ARTIFACTS_PER_MODEL - 1 }, (_, k) => ({
    artifactType: 'metrics-artifact',
    metricsType: k === 0 ? 'accuracy-metrics' : 'performance-metrics',
    createTimeSinceEpoch: String(1_736_899_200_000 + k),
    lastUpdateTimeSinceEpoch: String(1_736_899_200_000 + k),
    customProperties: {
      hardware_type: metadata.text(['H100', 'A100', 'L40S'][(i + k) % 3]),
      hardware_count: metadata.int(1 + ((i + k) % 8)),
      ttft_mean: metadata.double(50 + ((i * 7 + k) % 100) + (k === 1 ? variant : 0)),
      requests_per_second: metadata.double(1 + ((i + k) % 16)),
    },
  }));
  return {
    name: `bench-org-${i % 100}/model-${id}`,
    provider: `Provider ${i % 50}`,
    description: `Synthetic model number ${i} for ingestion benchmarks`,
    license: ['apache-2.0', 'mit', 'llama3.1'][i % 3],
    licenseLink: 'https://www.apache.org/licenses/LICENSE-2.0',
    libraryName: 'transformers',
    maturity: ['Development', 'Technology Preview', 'Generally Available'][i % 3],
    language: ['en', 'de', 'fr'].slice(0, 1 + (i % 3)),
    tasks: ['text-generation', i % 2 ? 'summarization' : 'translation'],
    logo: 'data:image/svg+xml;base64,PHN2Zy8+',
    createTimeSinceEpoch: String(1_733_000_000_000 + i),
    lastUpdateTimeSinceEpoch: String(1_734_000_000_000 + i),
    customProperties: {
      model_type: metadata.text('generative'),
      params_billions: metadata.int(1 + (i % 70)),
    },
    artifacts: [
      {
        uri: `oci://registry.bench.test/models/model-${id}:1.0`,
        customProperties: { architecture: metadata.text('["amd64", "arm64"]') },
      },
      ...metrics,
    ],
  };
}

function modelCatalog(count: number, changed: (i: number) => boolean = () => false): string {
  const models = Array.from({ length: count }, (_, i) => model(i, changed(i) ? 1 : 0));
  return `source: Bench models\n${blockYaml('models', models)}`;
}

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
      execArgv: ['--expose-gc', '-r', '@swc-node/register'],
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
  const worker = new Worker({
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
