import { createHash } from 'node:crypto';
import { withSortedKeys } from '../config/ordering';
import type { SourceConfig } from '../config/sources-config';
import { toLoadedSource } from '../config/sources-merge';
import type { RevisionAction, RevisionContent, RevisionInfo } from './config-store';

/**
 * Revisions of one source, shared by every ConfigStore.
 *
 * A revision id is content-addressed: the first 16 hex characters of SHA-256 over
 * `"catalog-source/v1\0" + canonical entry + "\0" + ("+" + content | "-")`, where the canonical
 * entry is the source entry with defaults applied and every map's keys sorted, and "-" marks
 * "no content". A deleted source hashes `"catalog-source/v1\0deleted"`. Being stateless, an
 * `expectedRevision` (If-Match) check needs no bookkeeping and also catches edits made outside
 * the store (a hand-edited file, `kubectl edit`). Ids repeat when a state repeats (a rollback
 * restores the old id); lookups take the newest entry with an id.
 */

/** A source at one point in time: its entry and its catalog content. `null` means deleted/absent. */
export interface SourceState {
  source: SourceConfig;
  /** The content bytes as stored (inline `properties.content` or the file/key it points at). */
  rawYaml: string | null;
}

/** A stored history entry: what changed, who did it, and the full resulting state. */
export type SourceRevisionEntry = RevisionContent;

/** Author recorded when the current state was not written through the store. */
export const EXTERNAL_AUTHOR = 'external';

export const REVISION_ID_LENGTH = 16;

const REVISION_PREFIX = 'catalog-source/v1\0';

/** Revision id of a deleted (or never created) source. Never equal to a live state's id. */
export const DELETED_REVISION_ID = sha256Hex(`${REVISION_PREFIX}deleted`).slice(
  0,
  REVISION_ID_LENGTH,
);

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The entry as it is hashed: defaults applied (`enabled: true`, `labels: []`), keys sorted, so
 * spelling out a default or reordering keys is not a new revision.
 */
export function canonicalSourceEntry(source: SourceConfig): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { origin, ...entry } = toLoadedSource(source, '');
  return JSON.stringify(withSortedKeys(entry));
}

export function sourceRevisionId(state: SourceState | null): string {
  if (!state) return DELETED_REVISION_ID;
  return revisionIdOfBytes(state.source, state.rawYaml === null ? null : state.rawYaml);
}

/**
 * The same id computed from the content's bytes: large catalogs are hashed without decoding them
 * into a string first. `sourceRevisionId` and this agree for the same content.
 */
export function revisionIdOfBytes(
  source: SourceState['source'],
  content: string | Buffer | null,
): string {
  const hash = createHash('sha256').update(`${REVISION_PREFIX}${canonicalSourceEntry(source)}\0`);
  if (content === null) hash.update('-');
  else hash.update('+').update(content);
  return hash.digest('hex').slice(0, REVISION_ID_LENGTH);
}

/** SHA-256 (hex) of the content bytes; empty string when there is no content. */
export function contentHashOf(rawYaml: string | null): string {
  return rawYaml === null ? '' : sha256Hex(rawYaml);
}

/** UTF-8 size of the content in bytes (0 without content). */
export function contentSizeOf(rawYaml: string | null): number {
  return rawYaml === null ? 0 : Buffer.byteLength(rawYaml, 'utf8');
}

export interface RevisionMeta {
  action: RevisionAction;
  author: string;
  /** Defaults to now. */
  createdAt?: Date | string;
}

/** The history entry recording `state` (null = a delete marker) as the result of an action. */
export function createRevisionEntry(
  state: SourceState | null,
  meta: RevisionMeta,
): SourceRevisionEntry {
  const createdAt =
    meta.createdAt === undefined
      ? new Date().toISOString()
      : typeof meta.createdAt === 'string'
        ? meta.createdAt
        : meta.createdAt.toISOString();
  return {
    id: sourceRevisionId(state),
    createdAt,
    author: meta.author,
    action: meta.action,
    size: contentSizeOf(state?.rawYaml ?? null),
    contentHash: contentHashOf(state?.rawYaml ?? null),
    source: state ? state.source : null,
    rawYaml: state ? state.rawYaml : null,
  };
}

/** The state a history entry restores (null for a delete marker). */
export function stateOfRevision(entry: SourceRevisionEntry): SourceState | null {
  return entry.source ? { source: entry.source, rawYaml: entry.rawYaml } : null;
}

/** The listing form of an entry (no entry or content bytes). */
export function revisionInfo(entry: SourceRevisionEntry): RevisionInfo {
  const { id, createdAt, author, action, size, contentHash } = entry;
  return { id, createdAt, author, action, size, contentHash };
}

/**
 * Whether the current state must be recorded before a write: true when it is not the newest
 * recorded entry (the shipped files, a hand edit, a `kubectl edit`). Recording it first keeps
 * every state the source ever served reachable by rollback.
 */
export function needsExternalSnapshot(
  historyNewestFirst: readonly SourceRevisionEntry[],
  current: SourceState | null,
): boolean {
  const newest = historyNewestFirst[0];
  if (!newest) return current !== null;
  return newest.id !== sourceRevisionId(current);
}

/** The entry describing a current state that was written outside the store. */
export function externalRevisionEntry(
  current: SourceState | null,
  observedAt: Date | string = new Date(),
): SourceRevisionEntry {
  return createRevisionEntry(current, {
    action: current ? 'apply' : 'delete',
    author: EXTERNAL_AUTHOR,
    createdAt: observedAt,
  });
}

/**
 * History as shown to operators: newest first, always starting with the current state. When the
 * current state is not the newest recorded entry, an `external` entry is synthesized for it.
 * Returns an empty list for a source that neither exists nor has history.
 */
export function revisionsWithCurrent(
  historyNewestFirst: readonly SourceRevisionEntry[],
  current: SourceState | null,
  observedAt: Date | string = new Date(),
): SourceRevisionEntry[] {
  if (!needsExternalSnapshot(historyNewestFirst, current)) return [...historyNewestFirst];
  return [externalRevisionEntry(current, observedAt), ...historyNewestFirst];
}

/** The newest entry with this id (ids repeat when a state repeats). */
export function findRevision(
  entriesNewestFirst: readonly SourceRevisionEntry[],
  revisionId: string,
): SourceRevisionEntry | undefined {
  return entriesNewestFirst.find((e) => e.id === revisionId);
}

/** Splits a newest-first list into the entries to keep and the ones to prune. */
export function splitNewest<T>(
  entriesNewestFirst: readonly T[],
  keep: number,
): { kept: T[]; pruned: T[] } {
  return { kept: entriesNewestFirst.slice(0, keep), pruned: entriesNewestFirst.slice(keep) };
}
