import { parseSourcesDocument } from './sources-document.parser';
import { mergeSourcesLayers } from './sources-merge';
import { SourcesConfigError } from './sources-document.parser';

const base = `apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    labels:
      - name: team
        displayName: Team
    sources:
      - id: b
        name: Bee
        type: yaml
        labels: [team]
        properties:
          yamlCatalogPath: b.yaml
          owner: alice
      - id: a
        name: Ay
        type: yaml
        properties: { yamlCatalogPath: a.yaml }
  models:
    sources:
      - id: m
        name: Em
        type: yaml
`;

// Same content as `override`, with keys in a different order at every level.
const override = `apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    namedQueries:
      small: { toolCount: { operator: '<', value: 5 } }
    sources:
      - id: b
        enabled: false
        properties:
          owner: bob
      - id: c
        name: See
        type: yaml
`;

const overrideReordered = `kind: CatalogSources
catalogs:
  mcp:
    sources:
      - properties:
          owner: bob
        enabled: false
        id: b
      - type: yaml
        name: See
        id: c
    namedQueries:
      small: { toolCount: { value: 5, operator: '<' } }
apiVersion: catalog/v1alpha1
`;

const layer = (text: string, origin: string) => ({ origin, document: parseSourcesDocument(text, origin) });

describe('mergeSourcesLayers', () => {
  it('overrides per source id, field by field, with properties merged key by key', () => {
    const merged = mergeSourcesLayers([layer(base, '/cfg/base.yaml'), layer(override, '/cfg/override.yaml')]);
    expect(merged.catalogs.mcp.sources).toEqual([
      { id: 'a', name: 'Ay', type: 'yaml', enabled: true, labels: [], properties: { yamlCatalogPath: 'a.yaml' }, origin: '/cfg/base.yaml' },
      {
        id: 'b',
        name: 'Bee',
        type: 'yaml',
        enabled: false,
        labels: ['team'],
        properties: { yamlCatalogPath: 'b.yaml', owner: 'bob' },
        origin: '/cfg/override.yaml',
      },
      { id: 'c', name: 'See', type: 'yaml', enabled: true, labels: [], properties: {}, origin: '/cfg/override.yaml' },
    ]);
    expect(merged.catalogs.mcp.labels).toEqual([{ name: 'team', displayName: 'Team' }]);
    expect(merged.catalogs.mcp.namedQueries).toEqual({ small: { toolCount: { operator: '<', value: 5 } } });
    expect(Object.keys(merged.catalogs)).toEqual(['mcp', 'models']);
    expect(merged.catalogs.models.sources.map((s) => s.id)).toEqual(['m']);
  });

  it('does not depend on the order of keys inside the files', () => {
    const a = mergeSourcesLayers([layer(base, 'base'), layer(override, 'override')]);
    const b = mergeSourcesLayers([layer(base, 'base'), layer(overrideReordered, 'override')]);
    expect(JSON.stringify(b)).toEqual(JSON.stringify(a));
  });

  it('lets the later file win when the order of files is reversed', () => {
    const merged = mergeSourcesLayers([layer(override, 'override'), layer(base, 'base')]);
    const b = merged.catalogs.mcp.sources.find((s) => s.id === 'b')!;
    expect(b.properties.owner).toBe('alice');
    expect(b.enabled).toBe(false); // base does not set enabled, so the override's value stays
  });

  it('reports a source that lacks a name or type after merging', () => {
    const partial = `apiVersion: catalog/v1alpha1\nkind: CatalogSources\ncatalogs:\n  mcp:\n    sources:\n      - id: lonely\n        enabled: false\n`;
    expect(() => mergeSourcesLayers([layer(partial, 'p.yaml')])).toThrow(SourcesConfigError);
    try {
      mergeSourcesLayers([layer(partial, 'p.yaml')]);
    } catch (err) {
      expect((err as SourcesConfigError).details.map((d) => d.field)).toEqual([
        'catalogs.mcp.sources[id=lonely].name',
        'catalogs.mcp.sources[id=lonely].type',
      ]);
    }
  });
});
