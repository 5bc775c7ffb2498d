import { Module } from '@nestjs/common';
import { CATALOG_PLUGIN, CatalogPluginSchema } from '@catalog/plugin';
import { ModelPlugin } from './model.plugin';

@Module({ providers: [{ provide: CATALOG_PLUGIN, useClass: ModelPlugin }] })
export class ModelPluginModule {
  static readonly schema: CatalogPluginSchema = { entities: [], migrations: [] };
}
