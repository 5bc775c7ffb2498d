/** Our own MCP catalog entries for tests, written in the seed's 19-field format. */
export interface McpEntry {
  name: string;
  serverUrl?: string;
  description?: string;
  transportType?: 'stdio' | 'http' | 'sse';
  deploymentMode?: 'local' | 'remote';
  provider?: string;
  category?: string;
  license?: string;
  toolCount?: number;
  resourceCount?: number;
  promptCount?: number;
  verified?: boolean;
  certified?: boolean;
  supportedTransports?: string;
  customProperties?: Record<string, unknown>;
}

export function mcpEntry(name: string, overrides: Partial<McpEntry> = {}): McpEntry {
  return {
    name,
    serverUrl: `https://mcp.example.test/${name}`,
    description: `Test server ${name}`,
    transportType: 'http',
    deploymentMode: 'remote',
    provider: 'Test Provider',
    category: 'Testing',
    license: 'Apache-2.0',
    toolCount: 3,
    verified: false,
    ...overrides,
  };
}

/** Renders entries as an `mcpservers:` document (JSON flow style is valid YAML). */
export function mcpYaml(entries: McpEntry[]): string {
  return `mcpservers:\n${entries.map((e) => `  - ${JSON.stringify(e)}`).join('\n')}\n`;
}

export function sourcesYaml(
  mcpSources: Array<{
    id: string;
    path?: string;
    enabled?: boolean;
    labels?: string[];
    content?: string;
  }>,
): string {
  const lines = [
    'apiVersion: catalog/v1alpha1',
    'kind: CatalogSources',
    'catalogs:',
    '  mcp:',
    '    sources:',
  ];
  for (const s of mcpSources) {
    lines.push(`      - id: ${s.id}`, `        name: Source ${s.id}`, '        type: yaml');
    if (s.enabled === false) lines.push('        enabled: false');
    if (s.labels) lines.push(`        labels: ${JSON.stringify(s.labels)}`);
    lines.push('        properties:');
    if (s.content !== undefined) lines.push(`          content: ${JSON.stringify(s.content)}`);
    else lines.push(`          yamlCatalogPath: ${s.path ?? `mcp/${s.id}.yaml`}`);
  }
  return `${lines.join('\n')}\n`;
}
