import type { CatalogSection, LoadedSource } from '../config/sources-config';
import { resolveSourceIds, splitListParam } from './source-scope';

function source(id: string, labels: string[], enabled = true): LoadedSource {
  return { id, name: id, type: 'yaml', enabled, labels, properties: {}, origin: 'sources.yaml' };
}

const SECTION: CatalogSection = {
  configKey: 'mcp',
  labels: [],
  namedQueries: {},
  sources: [
    source('a', ['team', 'prod']),
    source('b', ['team']),
    source('c', []),
    source('d', ['prod'], false),
    source('e', []),
  ],
};

describe('resolveSourceIds', () => {
  it('returns every enabled source by default', () => {
    expect(resolveSourceIds(SECTION, {})).toEqual(['a', 'b', 'c', 'e']);
    expect(resolveSourceIds(undefined, {})).toEqual([]);
  });

  it('accepts repeated and comma-separated source ids', () => {
    expect(resolveSourceIds(SECTION, { source: ['a', 'c, e'] })).toEqual(['a', 'c', 'e']);
    expect(resolveSourceIds(SECTION, { source: 'b,,c' })).toEqual(['b', 'c']);
  });

  it('never returns disabled or unknown sources', () => {
    expect(resolveSourceIds(SECTION, { source: ['d', 'zzz'] })).toEqual([]);
  });

  it('matches any of the labels; null selects sources without labels', () => {
    expect(resolveSourceIds(SECTION, { sourceLabel: ['prod'] })).toEqual(['a']);
    expect(resolveSourceIds(SECTION, { sourceLabel: 'team' })).toEqual(['a', 'b']);
    expect(resolveSourceIds(SECTION, { sourceLabel: ['null'] })).toEqual(['c', 'e']);
    expect(resolveSourceIds(SECTION, { sourceLabel: ['prod,null'] })).toEqual(['a', 'c', 'e']);
  });

  it('intersects source and sourceLabel', () => {
    expect(resolveSourceIds(SECTION, { source: ['a', 'c'], sourceLabel: ['team'] })).toEqual(['a']);
    expect(resolveSourceIds(SECTION, { source: ['b'], sourceLabel: ['null'] })).toEqual([]);
  });

  it('treats an empty parameter as absent', () => {
    expect(resolveSourceIds(SECTION, { source: [''], sourceLabel: ' , ' })).toEqual([
      'a',
      'b',
      'c',
      'e',
    ]);
  });
});

describe('splitListParam', () => {
  it('flattens, trims and drops empty entries', () => {
    expect(splitListParam([' a ,b', 'c', ''])).toEqual(['a', 'b', 'c']);
    expect(splitListParam(undefined)).toEqual([]);
  });
});
