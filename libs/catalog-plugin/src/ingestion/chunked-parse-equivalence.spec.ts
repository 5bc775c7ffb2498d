import { parseCatalogContent } from './catalog-content-parser';
import type { CatalogContentFormat } from './catalog-definition';
import { ChunkedContentParser } from './chunked-content-parser';
import { splitCatalogItems } from './catalog-item-chunks';

/** A small format: items with a required name and an integer size; unknown fields are errors. */
const FORMAT: CatalogContentFormat = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: {
      title: { type: 'string' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string' },
            size: { type: 'integer' },
            tags: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  itemsKey: 'items',
  toEntity: (item) => ({ name: item.name as string, fields: { size: item.size, tags: item.tags } }),
};

function chunked(text: string) {
  const buf = Buffer.from(text);
  const split = splitCatalogItems(buf, 'items');
  if (!split) return undefined;
  const parser = new ChunkedContentParser(FORMAT);
  const header = parser.validateHeader(buf, split);
  const parsed = parser.parse(buf, split.chunks);
  return { header, parsed };
}

describe('item-by-item parsing agrees with the whole-document parse', () => {
  const docs: Array<[string, string]> = [
    ['valid', 'title: T\nitems:\n  - name: a\n    size: 1\n  - name: b\n    tags: [x, y]\n'],
    [
      'unknown field and wrong type',
      'items:\n  - name: a\n    sise: 1\n  - name: b\n    size: big\n',
    ],
    ['missing name', 'items:\n  - size: 3\n  - name: ok\n'],
    [
      'comments and blank lines',
      'items:\n  # first\n  - name: a  # trailing\n\n  - name: b\n    size: 2\n',
    ],
    ['header error', 'title: 5\nitems:\n  - name: a\n'],
  ];

  it.each(docs)('%s', (_label, text) => {
    const whole = parseCatalogContent(text, FORMAT);
    const parts = chunked(text)!;
    expect(parts).toBeDefined();
    const errors = [...parts.header, ...parts.parsed.errors].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0),
    );
    if (whole.ok) {
      expect(errors).toEqual([]);
      expect(parts.parsed.items.map((p) => p.entity)).toEqual(whole.entities);
    } else {
      expect(errors).toEqual(whole.errors);
    }
  });

  it('rejects a second document both ways', () => {
    const text = 'items:\n  - name: a\n...\n---\nitems: []\n';
    expect(parseCatalogContent(text, FORMAT).ok).toBe(false);
    expect(
      chunked(text)!.parsed.errors.length + (chunked(text)!.parsed.needsWholeDocument ? 1 : 0),
    ).toBeGreaterThan(0);
  });

  it('asks for the whole document when an item uses an alias (it may depend on another item)', () => {
    const text = 'items:\n  - name: a\n    tags: &t [x]\n  - name: b\n    tags: *t\n';
    expect(chunked(text)!.parsed.needsWholeDocument).toBe(true);
    expect(parseCatalogContent(text, FORMAT).ok).toBe(true);
  });

  it('asks for the whole document when content follows the list', () => {
    const text = 'items:\n  - name: a\ntitle: late\n';
    expect(chunked(text)!.parsed.needsWholeDocument).toBe(true);
  });
});
