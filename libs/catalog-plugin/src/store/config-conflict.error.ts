import { ConflictError } from '../errors/catalog-errors';
import { SourceState, sourceRevisionId } from './source-revision';

/**
 * A write's `expectedRevision` (If-Match) is not the source's current revision: someone else
 * changed it first. `currentRevision` (also in the response body via `extra`) lets the caller
 * re-read and retry; it is null when the source does not exist.
 */
export class ConfigConflictError extends ConflictError {
  constructor(
    readonly currentRevision: string | null,
    readonly expectedRevision: string,
    message = `the source changed: expected revision ${expectedRevision}, current revision is ${currentRevision ?? '(none: the source does not exist)'}`,
  ) {
    super(message, [], { currentRevision });
  }
}

/**
 * Throws ConfigConflictError unless `expected` is undefined or is the revision of `current`.
 * An absent source has revision DELETED_REVISION_ID, so "create only if absent" can be expressed.
 * Call it with the state re-read under the store's write lock.
 */
export function assertExpectedRevision(
  expected: string | undefined,
  current: SourceState | null,
): void {
  if (expected === undefined) return;
  const currentId = sourceRevisionId(current);
  if (expected === currentId) return;
  throw new ConfigConflictError(current ? currentId : null, expected);
}
