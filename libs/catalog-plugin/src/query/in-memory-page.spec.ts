import { InvalidArgumentError } from '../errors/catalog-errors';
import { pageInMemory } from './in-memory-page';

const letters = ['a', 'b', 'c', 'd', 'e'];
const fingerprint = { table: 'letters', orderBy: 'ID', sortOrder: 'ASC' };
const page = (items: string[], request: { pageSize?: number; nextPageToken?: string }) =>
  pageInMemory(items, (x) => x, request, fingerprint);

describe('pageInMemory', () => {
  it('serves everything on one page by default', () => {
    expect(page(letters, {})).toEqual({ items: letters, size: 5, pageSize: 20, nextPageToken: '' });
  });

  it('visits every item exactly once, page by page', () => {
    const seen: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const p = page(letters, { pageSize: 2, nextPageToken });
      seen.push(...p.items);
      nextPageToken = p.nextPageToken || undefined;
    } while (nextPageToken);
    expect(seen).toEqual(letters);
  });

  it('continues after the last served item when the list changed in between', () => {
    const first = page(letters, { pageSize: 2 });
    expect(
      page(['a', 'x', 'b', 'c'], { pageSize: 2, nextPageToken: first.nextPageToken }).items,
    ).toEqual(['c']);
    expect(() =>
      page(['a', 'c', 'd'], { pageSize: 2, nextPageToken: first.nextPageToken }),
    ).toThrow(/no longer exists/);
  });

  it('rejects bad page sizes, garbled tokens and tokens of other lists', () => {
    expect(() => page(letters, { pageSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => page(letters, { nextPageToken: 'garbage' })).toThrow(InvalidArgumentError);
    const token = page(letters, { pageSize: 1 }).nextPageToken;
    expect(() =>
      pageInMemory(
        letters,
        (x) => x,
        { nextPageToken: token },
        { ...fingerprint, orderBy: 'NAME' },
      ),
    ).toThrow(/different filter or sort/);
  });
});
