import { splitCatalogItems } from './catalog-item-chunks';

const split = (text: string) => splitCatalogItems(Buffer.from(text), 'items');
const texts = (text: string) => {
  const buf = Buffer.from(text);
  return splitCatalogItems(buf, 'items')?.chunks.map((c) => [
    c.line,
    buf.toString('utf8', c.start, c.end),
  ]);
};

describe('splitCatalogItems', () => {
  it('splits an indented block list into items with their first lines', () => {
    const text =
      '# header comment\nitems:\n  - name: a\n    x: 1\n\n  # between items\n  - name: b\n    readme: |\n      - not an item\n      - still readme\n  - name: c\n';
    expect(texts(text)).toEqual([
      [3, '  - name: a\n    x: 1\n\n  # between items\n'],
      [7, '  - name: b\n    readme: |\n      - not an item\n      - still readme\n'],
      [11, '  - name: c\n'],
    ]);
  });

  it('handles an indentless list and header keys before it', () => {
    const text = '---\nsource: Example\nitems:\n- name: a\n- name: b\n';
    const result = split(text)!;
    expect(result.header.map((h) => h.line)).toEqual([2]);
    expect(result.itemsKeyLine).toBe(3);
    expect(result.chunks.map((c) => c.line)).toEqual([4, 5]);
  });

  it('gives the same raw hash to the same bytes and a different one otherwise', () => {
    const a = split('items:\n  - name: a\n  - name: b\n')!;
    const b = split('items:\n  - name: a\n  - name: B\n')!;
    expect(a.chunks[0].rawHash).toBe(b.chunks[0].rawHash);
    expect(a.chunks[1].rawHash).not.toBe(b.chunks[1].rawHash);
  });

  it.each([
    ['flow list', 'items: [a, b]\n'],
    ['flow document', '{items: [{name: a}]}\n'],
    ['empty value', 'items:\nother: 1\n'],
    ['map under the key', 'items:\n  a: 1\n'],
    ['directive', '%YAML 1.2\n---\nitems:\n  - name: a\n'],
    ['tab indentation', 'items:\n\t- name: a\n'],
    ['no items key', 'other:\n  - name: a\n'],
  ])('declines layouts it does not fully understand: %s', (_label, text) => {
    expect(split(text)).toBeUndefined();
  });
});
