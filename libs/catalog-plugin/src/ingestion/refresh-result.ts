import type { ErrorDetail } from '../errors/catalog-errors';

export type RefreshOutcomeStatus = 'success' | 'error';

/** What one source refresh did. Counts are entities (children are part of their entity). */
export interface RefreshResult {
  sourceId: string;
  status: RefreshOutcomeStatus;
  /** Entities of this source served after the refresh (on error: the ones still served). */
  entitiesLoaded: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: string;
  errors: ErrorDetail[];
}

export interface RefreshTotals {
  sources: number;
  succeeded: number;
  failed: number;
  entitiesLoaded: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export interface PluginRefreshResult {
  plugin: string;
  results: RefreshResult[];
  totals: RefreshTotals;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

/** Names of the entities a change would add, remove, change or leave alone. */
export interface EntityDiff {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
}

export function summarize(
  r: Pick<RefreshResult, 'entitiesLoaded' | 'added' | 'updated' | 'removed'>,
): string {
  return `Loaded ${r.entitiesLoaded} entities: ${r.added} added, ${r.updated} updated, ${r.removed} removed`;
}

export function totalsOf(results: readonly RefreshResult[]): RefreshTotals {
  const totals: RefreshTotals = {
    sources: results.length,
    succeeded: 0,
    failed: 0,
    entitiesLoaded: 0,
    added: 0,
    updated: 0,
    removed: 0,
    unchanged: 0,
  };
  for (const r of results) {
    if (r.status === 'success') totals.succeeded++;
    else totals.failed++;
    totals.entitiesLoaded += r.entitiesLoaded;
    totals.added += r.added;
    totals.updated += r.updated;
    totals.removed += r.removed;
    totals.unchanged += r.unchanged;
  }
  return totals;
}
