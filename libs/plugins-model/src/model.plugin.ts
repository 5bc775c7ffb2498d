import { Injectable } from '@nestjs/common';
import {
  CatalogDefinition,
  CatalogPlugin,
  CatalogSection,
  CliHints,
  CliHintsCapability,
  SourceCatalogCapability,
  UiHints,
  UiHintsCapability,
  yamlContentProvider,
} from '@catalog/plugin';
import { CATALOG_MODEL_MODEL } from './catalog-model.model';
import { toCatalogArtifactItem, toCatalogModelItem } from './model-api-items';
import { MODEL_CONTENT_FORMAT } from './model-content.format';
import { MODEL_PLUGIN_SCHEMA } from './model-plugin.schema';

/** ML models in the upstream Kubeflow model catalog format and REST contract. */
@Injectable()
export class ModelPlugin
  implements CatalogPlugin, SourceCatalogCapability, UiHintsCapability, CliHintsCapability
{
  readonly name = 'model';
  readonly version = 'v1alpha1';
  readonly description = 'Catalog of machine-learning models (upstream Kubeflow model catalog API)';
  readonly configKey = 'models';
  readonly basePath = '/api/model_catalog/v1alpha1';
  readonly entities = MODEL_PLUGIN_SCHEMA.entities;
  readonly migrations = MODEL_PLUGIN_SCHEMA.migrations;

  readonly catalog: CatalogDefinition = {
    model: CATALOG_MODEL_MODEL,
    format: MODEL_CONTENT_FORMAT,
    providers: [yamlContentProvider],
    toApiItem: toCatalogModelItem,
    toApiChildItem: (_collection, artifact) => toCatalogArtifactItem(artifact),
  };

  async init(section: CatalogSection | undefined): Promise<void> {
    // Nothing to prepare: sources are validated and loaded by the shared engine.
    void section;
  }

  uiHints(): UiHints {
    return {
      displayName: 'Models',
      icon: 'cube',
      entityPath: 'models',
      listColumns: ['name', 'provider', 'tasks', 'license', 'maturity'],
      detailFields: [
        'description',
        'readme',
        'language',
        'libraryName',
        'licenseLink',
        'customProperties',
        'artifacts',
      ],
      filterFields: ['provider', 'tasks', 'language', 'license', 'maturity', 'libraryName'],
    };
  }

  cliHints(): CliHints {
    return {
      entityNoun: 'model',
      tableColumns: ['name', 'source_id', 'provider', 'license', 'maturity'],
      examples: ['catalogctl sources list model', 'catalogctl refresh model dev-organization'],
    };
  }
}
