/** Our own model catalogs for tests, written in the upstream model catalog format. */

export interface MetadataValueEntry {
  metadataType?: string;
  string_value?: string;
  int_value?: string | number;
  double_value?: number;
  bool_value?: boolean;
}

export interface ArtifactEntry {
  artifactType?: 'model-artifact' | 'metrics-artifact';
  uri?: string;
  metricsType?: 'performance-metrics' | 'accuracy-metrics';
  name?: string;
  description?: string;
  createTimeSinceEpoch?: string | number;
  lastUpdateTimeSinceEpoch?: string | number;
  customProperties?: Record<string, MetadataValueEntry>;
}

export interface ModelEntry {
  name: string;
  description?: string;
  readme?: string;
  maturity?: string;
  language?: string[];
  tasks?: string[];
  provider?: string;
  logo?: string;
  license?: string;
  licenseLink?: string;
  libraryName?: string;
  createTimeSinceEpoch?: string | number;
  lastUpdateTimeSinceEpoch?: string | number;
  customProperties?: Record<string, MetadataValueEntry>;
  artifacts?: ArtifactEntry[];
}

export const str = (value: string): MetadataValueEntry => ({
  metadataType: 'MetadataStringValue',
  string_value: value,
});
export const int = (value: number): MetadataValueEntry => ({
  metadataType: 'MetadataIntValue',
  int_value: String(value),
});
export const dbl = (value: number): MetadataValueEntry => ({
  metadataType: 'MetadataDoubleValue',
  double_value: value,
});
export const bool = (value: boolean): MetadataValueEntry => ({
  metadataType: 'MetadataBoolValue',
  bool_value: value,
});

export function modelArtifact(uri: string, overrides: Partial<ArtifactEntry> = {}): ArtifactEntry {
  return { uri, customProperties: { format: str('safetensors') }, ...overrides };
}

export function metricsArtifact(
  metricsType: ArtifactEntry['metricsType'],
  customProperties: Record<string, MetadataValueEntry>,
  overrides: Partial<ArtifactEntry> = {},
): ArtifactEntry {
  return { artifactType: 'metrics-artifact', metricsType, customProperties, ...overrides };
}

export function modelEntry(name: string, overrides: Partial<ModelEntry> = {}): ModelEntry {
  return {
    name,
    description: `Test model ${name}`,
    provider: 'Test Labs',
    license: 'apache-2.0',
    licenseLink: 'https://www.apache.org/licenses/LICENSE-2.0',
    libraryName: 'transformers',
    language: ['en'],
    tasks: ['text-generation'],
    maturity: 'Development',
    customProperties: { model_type: str('generative') },
    artifacts: [modelArtifact(`oci://registry.example.test/${name}:1.0`)],
    ...overrides,
  };
}

/** Renders a `source:` + `models:` document; each model on one line (JSON flow style is YAML). */
export function modelYaml(models: ModelEntry[], source = 'Test catalog'): string {
  return `source: ${JSON.stringify(source)}\nmodels:\n${models.map((m) => `  - ${JSON.stringify(m)}`).join('\n')}\n`;
}

export interface ModelSourceSpec {
  id: string;
  name?: string;
  path?: string;
  enabled?: boolean;
  labels?: string[];
  includedItems?: string[];
  excludedItems?: string[];
}

/** A sources.yaml with a `models` section (and the given labels). */
export function modelSourcesYaml(
  sources: ModelSourceSpec[],
  labels: Array<Record<string, string>> = [],
): string {
  const lines = ['apiVersion: catalog/v1alpha1', 'kind: CatalogSources', 'catalogs:', '  models:'];
  if (labels.length > 0) {
    lines.push('    labels:');
    for (const label of labels) lines.push(`      - ${JSON.stringify(label)}`);
  }
  lines.push('    sources:');
  for (const s of sources) {
    lines.push(
      `      - id: ${s.id}`,
      `        name: ${JSON.stringify(s.name ?? `Source ${s.id}`)}`,
      '        type: yaml',
    );
    if (s.enabled === false) lines.push('        enabled: false');
    if (s.labels) lines.push(`        labels: ${JSON.stringify(s.labels)}`);
    if (s.includedItems) lines.push(`        includedItems: ${JSON.stringify(s.includedItems)}`);
    if (s.excludedItems) lines.push(`        excludedItems: ${JSON.stringify(s.excludedItems)}`);
    lines.push(
      '        properties:',
      `          yamlCatalogPath: ${s.path ?? `models/${s.id}.yaml`}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
