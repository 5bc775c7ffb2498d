/** Synthetic catalogs for the benchmarks, in the block style catalogs are written in by hand. */

export const ARTIFACTS_PER_MODEL = 5;

export function server(i: number, variant = 0): Record<string, unknown> {
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
export function blockYaml(key: string, items: Array<Record<string, unknown>>): string {
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

export function mcpCatalog(count: number, changed: (i: number) => boolean = () => false): string {
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
export function model(i: number, variant = 0): Record<string, unknown> {
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

export function modelCatalog(count: number, changed: (i: number) => boolean = () => false): string {
  const models = Array.from({ length: count }, (_, i) => model(i, changed(i) ? 1 : 0));
  return `source: Bench models\n${blockYaml('models', models)}`;
}
