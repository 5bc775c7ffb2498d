import { ErrorDetail } from '../errors/catalog-errors';
import { compareCodePoints, withSortedKeys } from './ordering';
import {
  CatalogLabelConfig,
  CatalogSection,
  CatalogSourcesConfig,
  LoadedSource,
  NamedQueriesConfig,
  SourceConfig,
  SourcesDocument,
} from './sources-config';
import { SourcesConfigError } from './sources-document.parser';

export interface SourcesLayer {
  origin: string;
  document: SourcesDocument;
}

interface SourceDraft {
  fields: Partial<SourceConfig>;
  origin: string;
  propertiesOrigin?: string;
}

/**
 * Merges `sources.yaml` layers. Later layers override earlier ones per source id, field by
 * field; `properties` merge key by key. A source's origin is the last layer that set any of its
 * properties (relative paths live there), else the layer that first declared it. The result is
 * sorted by config key and source id, so it never depends on key order inside the files.
 */
export function mergeSourcesLayers(layers: readonly SourcesLayer[]): CatalogSourcesConfig {
  const drafts = new Map<string, Map<string, SourceDraft>>();
  const labels = new Map<string, Map<string, CatalogLabelConfig>>();
  const namedQueries = new Map<string, NamedQueriesConfig>();
  const keys = new Set<string>();

  for (const { origin, document } of layers) {
    for (const [configKey, section] of Object.entries(document.catalogs ?? {})) {
      keys.add(configKey);
      const sectionDrafts = drafts.get(configKey) ?? new Map<string, SourceDraft>();
      drafts.set(configKey, sectionDrafts);
      for (const source of section?.sources ?? []) {
        const draft = sectionDrafts.get(source.id) ?? { fields: {}, origin };
        const { properties, ...rest } = source;
        Object.assign(draft.fields, rest);
        if (properties !== undefined) {
          draft.fields.properties = { ...(draft.fields.properties ?? {}), ...properties };
          draft.propertiesOrigin = origin;
        }
        sectionDrafts.set(source.id, draft);
      }
      const sectionLabels = labels.get(configKey) ?? new Map<string, CatalogLabelConfig>();
      labels.set(configKey, sectionLabels);
      for (const label of section?.labels ?? []) sectionLabels.set(label.name, label);
      namedQueries.set(configKey, { ...(namedQueries.get(configKey) ?? {}), ...(section?.namedQueries ?? {}) });
    }
  }

  const errors: ErrorDetail[] = [];
  const catalogs: Record<string, CatalogSection> = {};
  for (const configKey of [...keys].sort(compareCodePoints)) {
    const sources: LoadedSource[] = [];
    const sectionDrafts = drafts.get(configKey)!;
    for (const id of [...sectionDrafts.keys()].sort(compareCodePoints)) {
      const { fields, origin, propertiesOrigin } = sectionDrafts.get(id)!;
      for (const required of ['name', 'type'] as const) {
        if (!fields[required]) {
          errors.push({
            field: `catalogs.${configKey}.sources[id=${id}].${required}`,
            message: `required field is missing after merging (declared in ${origin})`,
          });
        }
      }
      sources.push(toLoadedSource(fields as SourceConfig, propertiesOrigin ?? origin));
    }
    catalogs[configKey] = {
      configKey,
      sources,
      labels: [...labels.get(configKey)!.values()]
        .sort((a, b) => compareCodePoints(a.name, b.name))
        .map((label) => withSortedKeys(label)),
      namedQueries: withSortedKeys(namedQueries.get(configKey) ?? {}),
    };
  }
  if (errors.length > 0) {
    throw new SourcesConfigError(layers.map((l) => l.origin).join(', '), errors);
  }
  return { catalogs };
}

export function toLoadedSource(source: SourceConfig, origin: string): LoadedSource {
  const loaded: LoadedSource = {
    id: source.id,
    name: source.name,
    type: source.type,
    enabled: source.enabled ?? true,
    labels: source.labels ?? [],
    properties: withSortedKeys(source.properties ?? {}),
    origin,
  };
  if (source.includedItems) loaded.includedItems = source.includedItems;
  if (source.excludedItems) loaded.excludedItems = source.excludedItems;
  return loaded;
}
