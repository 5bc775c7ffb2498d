import type { SourceWithStatus, StoredEntity } from '@catalog/plugin';
import type { CatalogSourceDto } from './model-catalog.dto';

/** Epoch milliseconds as the upstream contract carries them: strings of digits. */
function timestamps(entity: StoredEntity): Record<string, string> {
  return {
    createTimeSinceEpoch: String(entity.createTime),
    lastUpdateTimeSinceEpoch: String(entity.lastUpdateTime),
  };
}

/** Upstream `CatalogModel`: name, source_id, id, the model fields, customProperties, timestamps. */
export function toCatalogModelItem(entity: StoredEntity): Record<string, unknown> {
  const item: Record<string, unknown> = {
    name: entity.name,
    source_id: entity.sourceId,
    id: entity.id,
  };
  for (const [key, value] of Object.entries(entity.fields)) {
    if (value !== null && value !== undefined) item[key] = value;
  }
  if (entity.customProperties) item.customProperties = entity.customProperties;
  return { ...item, ...timestamps(entity) };
}

/**
 * Upstream `CatalogArtifact` (`CatalogModelArtifact` or `CatalogMetricsArtifact`, told apart by
 * `artifactType`): the artifact fields, name when set, customProperties, id and timestamps.
 */
export function toCatalogArtifactItem(artifact: StoredEntity): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(artifact.fields)) {
    if (value !== null && value !== undefined) item[key] = value;
  }
  if (artifact.name) item.name = artifact.name;
  if (artifact.customProperties) item.customProperties = artifact.customProperties;
  return { ...item, id: artifact.id, ...timestamps(artifact) };
}

/**
 * Upstream `CatalogSource`. `status` comes from the persisted last refresh: `disabled` for a
 * disabled source, `error` (with the refresh's errors) when the last refresh failed, `available`
 * when it succeeded; it is absent while an enabled source has not been refreshed yet.
 */
export function toCatalogSourceItem({ source, lastRefresh }: SourceWithStatus): CatalogSourceDto {
  const item: CatalogSourceDto = {
    id: source.id,
    name: source.name,
    labels: source.labels,
    enabled: source.enabled,
    assetType: 'models',
  };
  if (source.includedItems?.length) item.includedModels = source.includedItems;
  if (source.excludedItems?.length) item.excludedModels = source.excludedItems;
  if (!source.enabled) item.status = 'disabled';
  else if (lastRefresh?.lastRefreshStatus === 'error') {
    item.status = 'error';
    item.error = lastRefresh.lastError ?? lastRefresh.lastRefreshSummary;
  } else if (lastRefresh) item.status = 'available';
  return item;
}
