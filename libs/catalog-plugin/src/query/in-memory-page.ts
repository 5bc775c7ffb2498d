import { InvalidArgumentError } from '../errors/catalog-errors';
import {
  ListFingerprintInput,
  decodePageToken,
  encodePageToken,
  listFingerprint,
} from './keyset-cursor';
import type { ListOrdering } from './list-ordering';
import { resolvePageSize } from './page-size';

export interface InMemoryPageRequest {
  pageSize?: number;
  nextPageToken?: string;
}

export interface InMemoryPage<T> {
  items: T[];
  size: number;
  pageSize: number;
  /** Empty when this is the last page. */
  nextPageToken: string;
}

/** The token's sort value is the unique key of the last item served (text, never null). */
const KEY_ORDERING: ListOrdering = {
  key: 'KEY',
  column: 'key',
  sqlType: 'text',
  nullable: false,
  direction: 'ASC',
};

/**
 * Pages a small list that lives in memory (sources, labels of the config view) with the same
 * pageSize rules and tokens as the query engine. `items` must already be in the requested order and
 * `keyOf` unique among them; a token continues after the item it names, so a list edited between
 * two pages neither repeats nor skips the items that stayed.
 */
export function pageInMemory<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  request: InMemoryPageRequest,
  fingerprint: ListFingerprintInput,
): InMemoryPage<T> {
  const pageSize = resolvePageSize(request.pageSize);
  const bound = listFingerprint(fingerprint);
  let start = 0;
  if (request.nextPageToken) {
    const cursor = decodePageToken(request.nextPageToken, bound, KEY_ORDERING);
    const index = items.findIndex((item) => keyOf(item) === cursor.sortValue);
    if (index === -1) {
      const message = 'nextPageToken continues after an item that no longer exists; start again';
      throw new InvalidArgumentError(message, [{ field: 'nextPageToken', message }]);
    }
    start = index + 1;
  }
  const page = items.slice(start, start + pageSize);
  const last = page[page.length - 1];
  const nextPageToken =
    start + page.length < items.length && last !== undefined
      ? encodePageToken({ sortValue: keyOf(last), id: String(start + page.length) }, bound)
      : '';
  return { items: page, size: page.length, pageSize, nextPageToken };
}
