import { gunzipSync, gzipSync } from 'node:zlib';
import { compareCodePoints } from '../../config/ordering';
import { SourceRevisionEntry, sha256Hex } from '../source-revision';
import {
  ANNOTATIONS_HEADROOM_BYTES,
  MAX_ANNOTATIONS_BYTES,
  MAX_CONFIGMAP_REVISIONS_PER_SOURCE,
  REVISION_ANNOTATION_PREFIX,
} from './configmap-layout';

/** One source's stored history: newest first, and how many entries size limits evicted. */
export interface SourceHistory {
  sourceId: string;
  entries: SourceRevisionEntry[];
  /** Revisions dropped (ever) to keep the annotations under Kubernetes' 256 KiB limit. */
  evictedForSize: number;
}

interface EncodedHistory {
  v: 1;
  sourceId: string;
  evictedForSize: number;
  entries: SourceRevisionEntry[];
}

export interface EncodedAnnotations {
  /** Every annotation of the ConfigMap: the others unchanged, the revision ones re-encoded. */
  annotations: Record<string, string>;
  /** Revisions evicted by this encoding to fit the size budget. */
  evicted: number;
}

const ANNOTATION_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * The revision histories kept in a plugin ConfigMap's annotations: one annotation per source,
 * `catalog.kubeflow.org/rev-<sourceId>`, whose value is gzip+base64 of its newest
 * MAX_CONFIGMAP_REVISIONS_PER_SOURCE entries (the exact entry and content bytes of each).
 * Kubernetes caps all annotations of an object at 256 KiB, so encoding evicts the oldest
 * revisions across all sources until everything fits, and counts the evictions per source so
 * the revision list can say that older revisions are gone.
 */
export class ConfigMapRevisionAnnotations {
  private constructor(
    private readonly histories: Map<string, SourceHistory>,
    /** Revision annotations that could not be decoded (hand-edited); kept out of the view. */
    readonly unreadable: string[],
  ) {}

  static read(
    annotations: Readonly<Record<string, string>> | undefined,
  ): ConfigMapRevisionAnnotations {
    const histories = new Map<string, SourceHistory>();
    const unreadable: string[] = [];
    for (const [key, value] of Object.entries(annotations ?? {})) {
      if (!key.startsWith(REVISION_ANNOTATION_PREFIX)) continue;
      const decoded = decodeHistory(value);
      if (decoded) histories.set(decoded.sourceId, decoded);
      else unreadable.push(key);
    }
    return new ConfigMapRevisionAnnotations(histories, unreadable.sort(compareCodePoints));
  }

  history(sourceId: string): SourceHistory {
    const found = this.histories.get(sourceId);
    return found
      ? { sourceId, entries: [...found.entries], evictedForSize: found.evictedForSize }
      : { sourceId, entries: [], evictedForSize: 0 };
  }

  /** A copy with `entries` (newest first) put in front of the source's history, trimmed to the per-source limit. */
  withRecorded(
    sourceId: string,
    entries: readonly SourceRevisionEntry[],
  ): ConfigMapRevisionAnnotations {
    const histories = new Map(this.histories);
    const current = this.history(sourceId);
    histories.set(sourceId, {
      sourceId,
      entries: [...entries, ...current.entries].slice(0, MAX_CONFIGMAP_REVISIONS_PER_SOURCE),
      evictedForSize: current.evictedForSize,
    });
    return new ConfigMapRevisionAnnotations(histories, this.unreadable);
  }

  /**
   * All annotations to store: `others` (non-revision annotations, kept as they are) plus the
   * encoded histories, evicting the globally oldest revisions until the total is within
   * `budget` bytes.
   */
  encode(
    others: Readonly<Record<string, string>>,
    budget = MAX_ANNOTATIONS_BYTES - ANNOTATIONS_HEADROOM_BYTES,
  ): EncodedAnnotations {
    const kept: Record<string, string> = {};
    for (const [key, value] of Object.entries(others)) {
      if (!key.startsWith(REVISION_ANNOTATION_PREFIX)) kept[key] = value;
    }
    const fixed = sizeOf(kept);
    const histories = new Map(
      [...this.histories.values()].map((h) => [h.sourceId, { ...h, entries: [...h.entries] }]),
    );
    const encoded = new Map<string, { key: string; value: string }>();
    const encodeOne = (h: SourceHistory): void => {
      const key = revisionAnnotationKey(h.sourceId);
      encoded.set(h.sourceId, { key, value: encodeHistory(h) });
    };
    for (const h of histories.values()) encodeOne(h);
    const total = (): number =>
      fixed +
      [...encoded.values()].reduce((n, e) => n + Buffer.byteLength(e.key) + e.value.length, 0);

    let evicted = 0;
    while (total() > budget) {
      const oldest = oldestEntryOwner(histories);
      if (!oldest) break; // only non-revision annotations left; nothing more to give
      oldest.entries.pop();
      oldest.evictedForSize += 1;
      evicted += 1;
      encodeOne(oldest);
    }
    const annotations = { ...kept };
    for (const { key, value } of encoded.values()) annotations[key] = value;
    return { annotations: sortedRecord(annotations), evicted };
  }
}

/** `catalog.kubeflow.org/rev-<sourceId>`, or a hash of the id when it does not fit an annotation name. */
export function revisionAnnotationKey(sourceId: string): string {
  const name = `rev-${sourceId}`;
  if (name.length <= 63 && ANNOTATION_NAME.test(name))
    return `${REVISION_ANNOTATION_PREFIX}${sourceId}`;
  return `${REVISION_ANNOTATION_PREFIX}h-${sha256Hex(sourceId).slice(0, 32)}`;
}

function oldestEntryOwner(histories: Map<string, SourceHistory>): SourceHistory | undefined {
  let owner: SourceHistory | undefined;
  for (const h of [...histories.values()].sort((a, b) =>
    compareCodePoints(a.sourceId, b.sourceId),
  )) {
    const last = h.entries[h.entries.length - 1];
    if (!last) continue;
    const best = owner?.entries[owner.entries.length - 1];
    if (!best || last.createdAt < best.createdAt) owner = h;
  }
  return owner;
}

function encodeHistory(h: SourceHistory): string {
  const body: EncodedHistory = {
    v: 1,
    sourceId: h.sourceId,
    evictedForSize: h.evictedForSize,
    entries: h.entries,
  };
  return gzipSync(Buffer.from(JSON.stringify(body), 'utf8')).toString('base64');
}

function decodeHistory(value: string): SourceHistory | undefined {
  try {
    const body = JSON.parse(
      gunzipSync(Buffer.from(value, 'base64')).toString('utf8'),
    ) as Partial<EncodedHistory>;
    if (body.v !== 1 || typeof body.sourceId !== 'string' || !Array.isArray(body.entries))
      return undefined;
    if (!body.entries.every(isRevisionEntry)) return undefined;
    return {
      sourceId: body.sourceId,
      entries: body.entries,
      evictedForSize: typeof body.evictedForSize === 'number' ? body.evictedForSize : 0,
    };
  } catch {
    return undefined;
  }
}

function isRevisionEntry(value: unknown): value is SourceRevisionEntry {
  if (!value || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    typeof e.createdAt === 'string' &&
    typeof e.author === 'string' &&
    typeof e.action === 'string' &&
    typeof e.size === 'number' &&
    typeof e.contentHash === 'string' &&
    (e.rawYaml === null || typeof e.rawYaml === 'string') &&
    (e.source === null || (typeof e.source === 'object' && !Array.isArray(e.source)))
  );
}

function sizeOf(map: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(map)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

function sortedRecord(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort(compareCodePoints)) out[key] = map[key];
  return out;
}
