import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../errors/catalog-errors';
import { fitsBigint, isEntityId } from './bigint-text';
import type { ListOrdering, PageCursor } from './list-ordering';

const TOKEN_VERSION = 1;
const MAX_TOKEN_LENGTH = 16_384;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Whether a sort value looks like PostgreSQL's `::text` of its type; else the token was tampered with. */
function sortValueFits(value: string, sqlType: ListOrdering['sqlType']): boolean {
  switch (sqlType) {
    case 'text':
      return !value.includes('\0');
    case 'bigint':
      return fitsBigint(value);
    case 'double precision':
      return /^(-?\d+(\.\d+)?(e[-+]?\d+)?|-?Infinity|NaN)$/.test(value);
    case 'boolean':
      return value === 'true' || value === 'false';
  }
}

/** The request parameters a token is bound to: reusing it with other ones would skip or repeat rows. */
export interface ListFingerprintInput {
  table: string;
  parentId?: string;
  filterQuery?: string;
  namedQuery?: string;
  q?: string;
  name?: string;
  sourceIds?: readonly string[];
  fieldValues?: Readonly<Record<string, readonly string[]>>;
  orderBy: string;
  sortOrder: string;
}

export function listFingerprint(input: ListFingerprintInput): string {
  const canonical = JSON.stringify([
    input.table,
    input.parentId ?? null,
    input.filterQuery ?? '',
    input.namedQuery ?? '',
    input.q ?? '',
    input.name ?? '',
    input.sourceIds ? [...input.sourceIds].sort() : null,
    input.orderBy,
    input.sortOrder,
    // Appended only when used, so tokens of lists without such filters keep their fingerprints.
    ...(input.fieldValues && Object.keys(input.fieldValues).length > 0
      ? [
          Object.entries(input.fieldValues)
            .map(([field, values]) => [field, [...values].sort()])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        ]
      : []),
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

interface TokenPayload {
  v: number;
  /** Fingerprint of the request parameters. */
  f: string;
  /** Sort value of the last row, as PostgreSQL text. */
  s: string | null;
  /** Id of the last row. */
  i: string;
}

/** Opaque to clients: base64url JSON. It is not secret; it only has to be checked on the way in. */
export function encodePageToken(cursor: PageCursor, fingerprint: string): string {
  const payload: TokenPayload = {
    v: TOKEN_VERSION,
    f: fingerprint,
    s: cursor.sortValue,
    i: cursor.id,
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Decodes a nextPageToken, rejecting garbled tokens and tokens issued for other parameters. */
export function decodePageToken(
  token: string,
  fingerprint: string,
  ordering: ListOrdering,
): PageCursor {
  const payload = parsePayload(token);
  if (!payload) throw tokenError('nextPageToken is invalid');
  if (payload.f !== fingerprint) {
    throw tokenError(
      'nextPageToken was issued for different filter or sort parameters; start again without it',
    );
  }
  const sortValueValid =
    payload.s === null ? ordering.nullable : sortValueFits(payload.s, ordering.sqlType);
  if (!sortValueValid) throw tokenError('nextPageToken is invalid');
  return { sortValue: payload.s, id: payload.i };
}

function parsePayload(token: string): TokenPayload | undefined {
  if (token.length > MAX_TOKEN_LENGTH || !BASE64URL.test(token)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const p = parsed as Record<string, unknown>;
  if (
    p.v !== TOKEN_VERSION ||
    typeof p.f !== 'string' ||
    (p.s !== null && typeof p.s !== 'string') ||
    typeof p.i !== 'string' ||
    !isEntityId(p.i)
  ) {
    return undefined;
  }
  return { v: p.v, f: p.f, s: p.s, i: p.i };
}

function tokenError(message: string): InvalidArgumentError {
  return new InvalidArgumentError(message, [{ field: 'nextPageToken', message }]);
}
