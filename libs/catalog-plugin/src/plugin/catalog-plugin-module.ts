import type { Type } from '@nestjs/common';
import type { EntityClass, MigrationClass } from './catalog-plugin';

/** Tables a plugin module brings; read before the database connects. */
export interface CatalogPluginSchema {
  entities: readonly EntityClass[];
  migrations: readonly MigrationClass[];
}

/**
 * A plugin's Nest module: provides CATALOG_PLUGIN and declares its schema statically, because
 * TypeORM needs entities and migrations before any provider exists.
 */
export type CatalogPluginModule = Type<unknown> & { readonly schema: CatalogPluginSchema };
