/**
 * Deterministic large catalog documents for crash tests: generation `gen` is ~700 KiB, starts with
 * `# gen <n>` and ends with `# end gen <n>`, so a truncated or mixed file is easy to recognize.
 */
export function bigContent(gen: number): string {
  const lines = [`# gen ${gen}`, 'mcpservers:'];
  const count = 9000 + (gen % 7) * 300; // sizes differ between generations
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - name: server-${gen}-${i}`,
      `    description: "generation ${gen}, item ${i} of ${count}"`,
    );
  }
  lines.push(`# end gen ${gen}`, '');
  return lines.join('\n');
}

/** The generation a complete document claims; throws if the document is truncated or mixed. */
export function generationOf(text: string): number {
  const head = /^# gen (\d+)\n/.exec(text);
  if (!head)
    throw new Error(
      `content does not start with a generation header: ${JSON.stringify(text.slice(0, 40))}`,
    );
  const gen = Number(head[1]);
  if (text !== bigContent(gen)) {
    throw new Error(
      `content claims generation ${gen} but is not its exact bytes (length ${text.length}, expected ${bigContent(gen).length})`,
    );
  }
  return gen;
}

export const SCOPE = { plugin: 'mcp', configKey: 'mcp' };

export const BIG_SOURCES_YAML = `# crash-test sources (comments must survive)
apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    sources:
      - id: big
        name: gen-0
        type: yaml
        properties:
          yamlCatalogPath: mcp/big.yaml
      - id: counter
        name: Counter
        type: yaml
        properties:
          yamlCatalogPath: mcp/counter.yaml
`;
