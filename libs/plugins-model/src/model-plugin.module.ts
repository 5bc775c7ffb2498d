import { Module } from '@nestjs/common';
import { CATALOG_PLUGIN, CatalogPluginSchema } from '@catalog/plugin';
import { ModelCatalogController } from './model-catalog.controller';
import { ModelPlugin } from './model.plugin';
import { MODEL_PLUGIN_SCHEMA } from './model-plugin.schema';

/** The model asset type: provides the CatalogPlugin and its data-plane controller. */
@Module({
  providers: [{ provide: CATALOG_PLUGIN, useClass: ModelPlugin }],
  controllers: [ModelCatalogController],
})
export class ModelPluginModule {
  static readonly schema: CatalogPluginSchema = MODEL_PLUGIN_SCHEMA;
}
