import { parseSourcesDocument, SourcesConfigError } from './sources-document.parser';

function errorsOf(text: string): SourcesConfigError {
  try {
    parseSourcesDocument(text, 'test/sources.yaml');
  } catch (err) {
    if (err instanceof SourcesConfigError) return err;
    throw err;
  }
  throw new Error('expected a SourcesConfigError');
}

const HEADER = 'apiVersion: catalog/v1alpha1\nkind: CatalogSources\n';

describe('parseSourcesDocument', () => {
  it('accepts a valid document and keeps the fields as written', () => {
    const doc = parseSourcesDocument(
      `${HEADER}catalogs:\n  mcp:\n    sources:\n      - id: a\n        name: A\n        type: yaml\n        enabled: false\n        labels: [x]\n        properties:\n          yamlCatalogPath: a.yaml\n          nested: { deep: [1, 2] }\n        includedItems: ['kube*']\n        excludedItems: ['*-beta']\n`,
      'x',
    );
    expect(doc.catalogs?.mcp.sources?.[0]).toEqual({
      id: 'a',
      name: 'A',
      type: 'yaml',
      enabled: false,
      labels: ['x'],
      properties: { yamlCatalogPath: 'a.yaml', nested: { deep: [1, 2] } },
      includedItems: ['kube*'],
      excludedItems: ['*-beta'],
    });
  });

  it('rejects an unknown key with its path and line', () => {
    const text = `${HEADER}catalogs:\n  mcp:\n    sources:\n      - id: a\n        name: A\n        type: yaml\n      - id: b\n        name: B\n        type: yaml\n        enabeld: false\n`;
    const err = errorsOf(text);
    expect(err.details).toEqual([
      { field: 'catalogs.mcp.sources[1].enabeld', message: 'unknown field', line: 12, column: 9 },
    ]);
    expect(err.message).toContain('catalogs.mcp.sources[1].enabeld at line 12');
  });

  it('rejects unknown keys at the root and in a section', () => {
    const err = errorsOf(`${HEADER}extra: 1\ncatalogs:\n  mcp:\n    sourcez: []\n`);
    expect(err.details.map((d) => [d.field, d.line])).toEqual([
      ['extra', 3],
      ['catalogs.mcp.sourcez', 6],
    ]);
  });

  it('rejects wrong types with path, line and what was found', () => {
    const err = errorsOf(
      `${HEADER}catalogs:\n  mcp:\n    sources:\n      - id: a\n        name: A\n        type: yaml\n        enabled: "yes"\n        labels: notalist\n`,
    );
    expect(err.details).toEqual([
      { field: 'catalogs.mcp.sources[0].enabled', message: 'expected boolean, got string', line: 9, column: 18 },
      { field: 'catalogs.mcp.sources[0].labels', message: 'expected list, got string', line: 10, column: 17 },
    ]);
  });

  it('rejects invalid YAML with line and column', () => {
    const err = errorsOf(`${HEADER}catalogs:\n  mcp:\n    sources: [\n      - id: a\n`);
    expect(err.details).toHaveLength(1);
    expect(err.details[0].message).toMatch(/^invalid YAML: /);
    expect(err.details[0].line).toBeGreaterThanOrEqual(5);
    expect(err.details[0].column).toBeGreaterThanOrEqual(1);
  });

  it('rejects a wrong apiVersion and kind', () => {
    const err = errorsOf('apiVersion: v2\nkind: Other\n');
    expect(err.details.map((d) => d.field)).toEqual(['apiVersion', 'kind']);
    expect(err.details[0].message).toContain('"catalog/v1alpha1"');
  });

  it('rejects duplicate source ids within a section', () => {
    const err = errorsOf(
      `${HEADER}catalogs:\n  mcp:\n    sources:\n      - { id: a, name: A, type: yaml }\n      - { id: a, name: B, type: yaml }\n`,
    );
    expect(err.details[0]).toMatchObject({ field: 'catalogs.mcp.sources[1].id', line: 7 });
  });

  it('rejects duplicate mapping keys', () => {
    const err = errorsOf(`${HEADER}kind: CatalogSources\n`);
    expect(err.details[0].message).toContain('duplicated mapping key');
    expect(err.details[0].line).toBe(3);
  });

  it('rejects alias bombs instead of expanding them', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 16; i++) {
      bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    }
    const err = errorsOf(`${HEADER}catalogs:\n  x:\n    namedQueries:\n      q:\n        f: { operator: '=', value: 1 }\n${bomb.join('\n')}\n`);
    expect(err.details[0].message).toMatch(/alias/);
  });
});
