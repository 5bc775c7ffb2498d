import type { ChildEntityTable, EntityField, EntityModel } from '@catalog/plugin';

const field = (
  name: string,
  column: string,
  kind: EntityField['kind'],
  traits: Partial<EntityField> = {},
): EntityField => ({
  name,
  column,
  kind,
  filterable: true,
  ...traits,
});

/** The collection name of a model's artifacts, in content (`artifacts:`) and in the engine. */
export const ARTIFACTS = 'artifacts';

/** `catalog_model_artifact`: the artifacts of one model, replaced with it on refresh. */
export const CATALOG_MODEL_ARTIFACT_TABLE: ChildEntityTable = {
  table: 'catalog_model_artifact',
  parentColumn: 'model_id',
  collection: ARTIFACTS,
  fields: [
    field('artifactType', 'artifact_type', 'string', { sortable: true }),
    field('uri', 'uri', 'string'),
    field('metricsType', 'metrics_type', 'string', { sortable: true }),
    field('description', 'description', 'string'),
    field('externalId', 'external_id', 'string'),
  ],
  customProperties: { column: 'custom_properties', style: 'metadata-value' },
};

/** How catalog models are stored and queried; drives ingestion, filterQuery and filter_options. */
export const CATALOG_MODEL_MODEL: EntityModel = {
  table: 'catalog_model',
  resourceName: 'models',
  fields: [
    field('description', 'description', 'string', { searchable: true }),
    field('readme', 'readme', 'string'),
    field('maturity', 'maturity', 'string', { sortable: true, filterOption: true }),
    field('language', 'language', 'string-list', { filterOption: true }),
    field('tasks', 'tasks', 'string-list', { searchable: true, filterOption: true }),
    field('provider', 'provider', 'string', {
      sortable: true,
      searchable: true,
      filterOption: true,
    }),
    field('logo', 'logo', 'string', { filterable: false }),
    field('license', 'license', 'string', { sortable: true, filterOption: true }),
    field('licenseLink', 'license_link', 'string'),
    field('libraryName', 'library_name', 'string', {
      sortable: true,
      searchable: true,
      filterOption: true,
    }),
  ],
  customProperties: { column: 'custom_properties', style: 'metadata-value' },
  children: [CATALOG_MODEL_ARTIFACT_TABLE],
};
