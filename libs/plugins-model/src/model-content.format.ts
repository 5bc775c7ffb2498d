import type {
  CatalogContentFormat,
  ContentTimestamps,
  EntityTable,
  ParsedChild,
  ParsedEntity,
} from '@catalog/plugin';
import {
  ARTIFACTS,
  CATALOG_MODEL_ARTIFACT_TABLE,
  CATALOG_MODEL_MODEL,
} from './catalog-model.model';
import { normalizeCustomProperties } from './metadata-value';
import { MODEL_CONTENT_SCHEMA } from './model-content.schema';

/** Artifacts without an artifactType are model artifacts (upstream's rule for older catalogs). */
export const DEFAULT_ARTIFACT_TYPE = 'model-artifact';

function declaredFields(
  table: EntityTable,
  item: Record<string, unknown>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const { name } of table.fields) {
    if (item[name] !== undefined && item[name] !== null) fields[name] = item[name];
  }
  return fields;
}

/** `createTimeSinceEpoch` / `lastUpdateTimeSinceEpoch` (digits or integers) as epoch milliseconds. */
function contentTimestamps(item: Record<string, unknown>): ContentTimestamps {
  const out: ContentTimestamps = {};
  if (item.createTimeSinceEpoch !== undefined) out.createTime = Number(item.createTimeSinceEpoch);
  if (item.lastUpdateTimeSinceEpoch !== undefined) {
    out.lastUpdateTime = Number(item.lastUpdateTimeSinceEpoch);
  }
  return out;
}

function toArtifact(item: Record<string, unknown>): ParsedChild {
  const artifact: ParsedChild = {
    fields: {
      ...declaredFields(CATALOG_MODEL_ARTIFACT_TABLE, item),
      artifactType: item.artifactType ?? DEFAULT_ARTIFACT_TYPE,
    },
    ...contentTimestamps(item),
  };
  if (typeof item.name === 'string') artifact.name = item.name;
  if (item.customProperties !== undefined) {
    artifact.customProperties = normalizeCustomProperties(
      item.customProperties as Record<string, unknown>,
    );
  }
  return artifact;
}

/** `source:` + `models:` documents (the upstream model catalog format) → entities for the engine. */
export const MODEL_CONTENT_FORMAT: CatalogContentFormat = {
  schema: MODEL_CONTENT_SCHEMA,
  itemsKey: 'models',
  toEntity(item: Record<string, unknown>): ParsedEntity {
    const entity: ParsedEntity = {
      name: item.name as string,
      fields: declaredFields(CATALOG_MODEL_MODEL, item),
      ...contentTimestamps(item),
      children: {
        [ARTIFACTS]: ((item.artifacts as Array<Record<string, unknown>> | undefined) ?? []).map(
          toArtifact,
        ),
      },
    };
    if (item.customProperties !== undefined) {
      entity.customProperties = normalizeCustomProperties(
        item.customProperties as Record<string, unknown>,
      );
    }
    return entity;
  },
};
