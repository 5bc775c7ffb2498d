import { diffLines } from 'diff';
import type { SourceConfig } from '../../config/sources-config';
import type { EntityDiff } from '../../ingestion/refresh-result';
import type { ContentProvider } from '../../ingestion/catalog-definition';

/** Names listed per entity change kind. */
export const DIFF_NAME_LIMIT = 50;

export interface EntityDiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** First names of each kind (at most DIFF_NAME_LIMIT). */
  names: { added: string[]; removed: string[]; changed: string[]; unchanged: string[] };
}

export interface DiffSummary {
  linesAdded: number;
  linesRemoved: number;
  configKeys: { added: string[]; removed: string[]; changed: string[] };
  /** Effect on the entities served now; absent when the new content is not known. */
  entities?: EntityDiffSummary;
  critical: boolean;
  criticalReasons: string[];
}

export function countLineChanges(
  before: string | null,
  after: string | null,
): { linesAdded: number; linesRemoved: number } {
  if (before === after || after === null) return { linesAdded: 0, linesRemoved: 0 };
  let linesAdded = 0;
  let linesRemoved = 0;
  for (const part of diffLines(before ?? '', after)) {
    if (part.added) linesAdded += part.count ?? 0;
    else if (part.removed) linesRemoved += part.count ?? 0;
  }
  return { linesAdded, linesRemoved };
}

/** Dotted paths of the entry's leaves (properties flattened), for a key-level diff. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, JSON.stringify(value));
  return out;
}

/** Defaults made explicit, so `enabled` left out and `enabled: true` compare equal. */
function withDefaults(entry: SourceConfig): SourceConfig {
  return {
    ...entry,
    enabled: entry.enabled ?? true,
    labels: entry.labels ?? [],
    properties: entry.properties ?? {},
  };
}

export function diffConfigKeys(
  before: SourceConfig | undefined,
  after: SourceConfig,
): DiffSummary['configKeys'] {
  const a = flatten(before ? withDefaults(before) : {}, '', new Map());
  const b = flatten(withDefaults(after), '', new Map());
  const added = [...b.keys()].filter((k) => !a.has(k)).sort();
  const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
  const changed = [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).sort();
  return { added, removed, changed };
}

export function summarizeEntityDiff(diff: EntityDiff): EntityDiffSummary {
  return {
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    unchanged: diff.unchanged.length,
    names: {
      added: diff.added.slice(0, DIFF_NAME_LIMIT),
      removed: diff.removed.slice(0, DIFF_NAME_LIMIT),
      changed: diff.changed.slice(0, DIFF_NAME_LIMIT),
      unchanged: diff.unchanged.slice(0, DIFF_NAME_LIMIT),
    },
  };
}

/**
 * Changes that need `confirmCriticalChanges: true`: a different provider type, a different
 * content pointer (e.g. yamlCatalogPath), or losing more than half of the entities served now.
 */
export function criticalReasons(
  before: SourceConfig | undefined,
  after: SourceConfig,
  provider: ContentProvider | undefined,
  entities: EntityDiffSummary | undefined,
): string[] {
  const reasons: string[] = [];
  if (!before) return reasons;
  if (before.type !== after.type)
    reasons.push(`type changes from "${before.type}" to "${after.type}"`);
  for (const key of provider?.pointerProperties ?? []) {
    const was = before.properties?.[key];
    const now = after.properties?.[key];
    if (JSON.stringify(was) !== JSON.stringify(now))
      reasons.push(
        `properties.${key} changes from ${JSON.stringify(was)} to ${JSON.stringify(now)}`,
      );
  }
  if (entities) {
    const loaded = entities.removed + entities.changed + entities.unchanged;
    if (loaded > 0 && entities.removed * 2 > loaded) {
      reasons.push(`removes ${entities.removed} of ${loaded} entities served now (more than half)`);
    }
  }
  return reasons;
}
