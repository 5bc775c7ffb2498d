import { parseSourcesDocument, SourcesConfigError } from '../config/sources-document.parser';
import {
  editSourcesDocument,
  emptySourcesDocumentText,
  findSourceEntry,
} from './sources-document-editor';

const DOC = `# Catalog sources (hand-written)
apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    labels:
      - name: sample   # label comment
    sources:
      # first source
      - id: a
        name: A   # keep me
        type: yaml
        properties:
          yamlCatalogPath: mcp/a.yaml

      # second source
      - id: b
        name: B
        type: yaml
        enabled: true
        properties:
          content: |
            mcpservers: []
  models:
    sources:
      - id: m
        name: M
        type: yaml
`;

function entry(doc: string, key: string, id: string) {
  return findSourceEntry(parseSourcesDocument(doc, 'x'), key, id);
}

describe('editSourcesDocument', () => {
  it('changes only the changed field of an entry and keeps every other byte', () => {
    const out = editSourcesDocument(DOC, 'x', {
      kind: 'upsert',
      configKey: 'mcp',
      source: {
        id: 'b',
        name: 'B',
        type: 'yaml',
        enabled: false,
        properties: { content: 'mcpservers: []\n' },
      },
    });
    expect(out.strategy).toBe('keys');
    expect(out.text).toBe(DOC.replace('        enabled: true\n', '        enabled: false\n'));
  });

  it('adds a missing field in its canonical place, keeping comments', () => {
    const out = editSourcesDocument(DOC, 'x', {
      kind: 'upsert',
      configKey: 'mcp',
      source: {
        id: 'a',
        name: 'A',
        type: 'yaml',
        enabled: false,
        properties: { yamlCatalogPath: 'mcp/a.yaml' },
      },
    });
    expect(out.text).toContain('# first source\n');
    expect(out.text).toContain('name: A   # keep me\n');
    expect(out.text).toBe(
      DOC.replace(
        '        type: yaml\n        properties:\n          yamlCatalogPath',
        '        type: yaml\n        enabled: false\n        properties:\n          yamlCatalogPath',
      ),
    );
    expect(entry(out.text, 'mcp', 'a')).toEqual({
      id: 'a',
      name: 'A',
      type: 'yaml',
      enabled: false,
      properties: { yamlCatalogPath: 'mcp/a.yaml' },
    });
  });

  it('replaces a block-scalar inline content exactly', () => {
    const content = '# exact bytes\nmcpservers:\n  - name: x   \n\n';
    const out = editSourcesDocument(DOC, 'x', {
      kind: 'upsert',
      configKey: 'mcp',
      source: { id: 'b', name: 'B', type: 'yaml', enabled: true, properties: { content } },
    });
    expect(out.strategy).not.toBe('document');
    expect(entry(out.text, 'mcp', 'b')?.properties?.content).toBe(content);
    expect(out.text.startsWith(DOC.slice(0, DOC.indexOf('      # second source')))).toBe(true);
    expect(out.text).toContain('  models:\n    sources:\n      - id: m\n');
  });

  it('appends a new entry after the last one with the same indentation', () => {
    const out = editSourcesDocument(DOC, 'x', {
      kind: 'upsert',
      configKey: 'models',
      source: {
        id: 'n',
        name: 'N',
        type: 'yaml',
        properties: { yamlCatalogPath: 'models/n.yaml' },
      },
    });
    expect(out.strategy).toBe('keys');
    expect(out.text).toBe(
      DOC +
        "      - id: 'n'\n        name: 'N'\n        type: yaml\n        properties:\n          yamlCatalogPath: models/n.yaml\n",
    );
  });

  it('removes an entry and only that entry', () => {
    const out = editSourcesDocument(DOC, 'x', { kind: 'remove', configKey: 'mcp', sourceId: 'a' });
    expect(out.strategy).not.toBe('document');
    expect(out.text).not.toContain('id: a');
    expect(out.text).toContain('# first source\n\n      # second source\n      - id: b');
    expect(entry(out.text, 'mcp', 'b')).toBeDefined();
  });

  it('removing the last entry of a section leaves an empty list', () => {
    const out = editSourcesDocument(DOC, 'x', {
      kind: 'remove',
      configKey: 'models',
      sourceId: 'm',
    });
    expect(out.strategy).not.toBe('document');
    expect(out.text.endsWith('  models:\n    sources: []\n')).toBe(true);
  });

  it('creates a missing section inside catalogs', () => {
    const out = editSourcesDocument(DOC, 'x', {
      kind: 'upsert',
      configKey: 'agents',
      source: { id: 'z', name: 'Z', type: 'yaml' },
    });
    expect(out.strategy).not.toBe('document');
    expect(out.text.startsWith(DOC)).toBe(true);
    expect(entry(out.text, 'agents', 'z')).toEqual({ id: 'z', name: 'Z', type: 'yaml' });
  });

  it('fills a null sources list and a new empty document', () => {
    const nullList =
      'apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  mcp:\n    sources:   # none yet\n';
    const out = editSourcesDocument(nullList, 'x', {
      kind: 'upsert',
      configKey: 'mcp',
      source: { id: 'a', name: 'A', type: 'yaml' },
    });
    expect(out.strategy).not.toBe('document');
    expect(entry(out.text, 'mcp', 'a')).toBeDefined();
    const fresh = editSourcesDocument(emptySourcesDocumentText(), 'x', {
      kind: 'upsert',
      configKey: 'mcp',
      source: { id: 'a', name: 'A', type: 'yaml' },
    });
    expect(entry(fresh.text, 'mcp', 'a')).toEqual({ id: 'a', name: 'A', type: 'yaml' });
  });

  it('falls back to re-serializing a flow-style document and still parses to the intended entry', () => {
    const flow =
      '{apiVersion: catalog/v1alpha1, kind: CatalogSources, catalogs: {mcp: {sources: [{id: a, name: A, type: yaml}]}}}\n';
    const out = editSourcesDocument(flow, 'x', {
      kind: 'upsert',
      configKey: 'mcp',
      source: { id: 'a', name: 'A2', type: 'yaml' },
    });
    expect(out.strategy).toBe('document');
    expect(entry(out.text, 'mcp', 'a')).toEqual({ id: 'a', name: 'A2', type: 'yaml' });
  });

  it('keeps CRLF line endings', () => {
    const crlf = DOC.replace(/\n/g, '\r\n');
    const out = editSourcesDocument(crlf, 'x', {
      kind: 'upsert',
      configKey: 'models',
      source: { id: 'n', name: 'N', type: 'yaml' },
    });
    expect(out.strategy).not.toBe('document');
    expect(out.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(entry(out.text, 'models', 'n')).toBeDefined();
  });

  it('rejects an invalid entry with a 422-class error', () => {
    expect(() =>
      editSourcesDocument(DOC, 'x', {
        kind: 'upsert',
        configKey: 'mcp',
        source: { id: 'a', name: 'A', type: 'yaml', enabeld: true } as never,
      }),
    ).toThrow(SourcesConfigError);
  });

  it('reports no change for an identical entry', () => {
    const out = editSourcesDocument(DOC, 'x', {
      kind: 'upsert',
      configKey: 'models',
      source: { id: 'm', name: 'M', type: 'yaml' },
    });
    expect(out.changed).toBe(false);
    expect(out.text).toBe(DOC);
  });
});
