import type { CatalogPluginSchema } from '@catalog/plugin';
import { CatalogModelArtifactEntity, CatalogModelEntity } from './catalog-model.entity';
import { CreateCatalogModel1764633600000 } from './migrations/1764633600000-CreateCatalogModel';

export const MODEL_PLUGIN_SCHEMA: CatalogPluginSchema = {
  entities: [CatalogModelEntity, CatalogModelArtifactEntity],
  migrations: [CreateCatalogModel1764633600000],
};
