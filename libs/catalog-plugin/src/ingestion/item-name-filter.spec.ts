import { ItemNameFilter, validateItemPatterns } from './item-name-filter';

describe('ItemNameFilter', () => {
  it('matches * anywhere, case-insensitively, anchored; exclusion wins', () => {
    const f = new ItemNameFilter(['Granite/*', '*-beta'], ['*deprecated*']);
    expect(f.accepts('granite/model')).toBe(true);
    expect(f.accepts('GRANITE/Model')).toBe(true);
    expect(f.accepts('x/granite/model')).toBe(false);
    expect(f.accepts('tool-beta')).toBe(true);
    expect(f.accepts('granite/deprecated-one')).toBe(false);
    expect(f.accepts('other')).toBe(false);
  });

  it('treats regex characters literally', () => {
    const f = new ItemNameFilter(['a.b(c)+'], []);
    expect(f.accepts('a.b(c)+')).toBe(true);
    expect(f.accepts('axb(c)')).toBe(false);
  });

  it('accepts everything without patterns and only excludes with exclusions alone', () => {
    expect(new ItemNameFilter().accepts('anything')).toBe(true);
    const f = new ItemNameFilter([], ['*-draft']);
    expect(f.accepts('x-draft')).toBe(false);
    expect(f.accepts('x')).toBe(true);
  });

  it('reports empty patterns and patterns in both lists', () => {
    expect(validateItemPatterns(['a', ' '], ['A'])).toEqual([
      { field: 'source.includedItems[1]', message: 'pattern must not be empty' },
      { field: 'source.excludedItems[0]', message: 'pattern "A" is also in includedItems' },
    ]);
  });
});
