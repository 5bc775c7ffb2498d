import { PayloadTooLargeError } from '../errors/catalog-errors';

/** Largest document a store accepts: one source's content, or one sources.yaml. */
export const MAX_STORE_DOCUMENT_BYTES = 1024 * 1024;

/** History entries kept per source by the file store; older ones are pruned. */
export const MAX_FILE_REVISIONS_PER_SOURCE = 20;

/** Throws PayloadTooLargeError (413) naming the document when it exceeds `limit` bytes. */
export function assertDocumentSize(
  text: string,
  what: string,
  limit: number = MAX_STORE_DOCUMENT_BYTES,
): void {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limit) {
    throw new PayloadTooLargeError(
      `${what} is ${size} bytes; the config store accepts at most ${limit} bytes (${formatBytes(limit)}) per document`,
      [{ message: `size ${size} bytes exceeds the limit of ${limit} bytes` }],
      { size, limit },
    );
  }
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0
    ? `${n / (1024 * 1024)} MiB`
    : n % 1024 === 0
      ? `${n / 1024} KiB`
      : `${n} bytes`;
}
