import type { CatalogSection } from '../config/sources-config';

/** The `sourceLabel` value selecting sources that have no labels at all. */
export const NO_LABEL = 'null';

export interface SourceScopeParams {
  /** Source ids; each entry may itself be comma-separated. */
  source?: string | readonly string[];
  /** Source labels (`null` = sources without labels); each entry may be comma-separated. */
  sourceLabel?: string | readonly string[];
}

/** Splits repeated and/or comma-separated query values into a flat list of non-empty entries. */
export function splitListParam(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const entries = typeof value === 'string' ? [value] : value;
  return entries
    .flatMap((entry) => String(entry).split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The enabled sources of a section a list request may see, sorted by id: all of them by default,
 * narrowed by `source` ids and by `sourceLabel` (any label matches), the intersection when both are
 * given. Unknown ids or labels simply select nothing.
 */
export function resolveSourceIds(
  section: CatalogSection | undefined,
  params: SourceScopeParams,
): string[] {
  const ids = splitListParam(params.source);
  const labels = splitListParam(params.sourceLabel);
  const wantedIds = new Set(ids);
  const wantedLabels = new Set(labels);
  return (section?.sources ?? [])
    .filter((source) => source.enabled)
    .filter((source) => ids.length === 0 || wantedIds.has(source.id))
    .filter(
      (source) =>
        labels.length === 0 ||
        (wantedLabels.has(NO_LABEL) && source.labels.length === 0) ||
        source.labels.some((label) => wantedLabels.has(label)),
    )
    .map((source) => source.id)
    .sort();
}
