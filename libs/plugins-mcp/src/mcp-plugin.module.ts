import { Module } from '@nestjs/common';
import { CATALOG_PLUGIN, CatalogPluginSchema } from '@catalog/plugin';
import { McpPlugin } from './mcp.plugin';

@Module({ providers: [{ provide: CATALOG_PLUGIN, useClass: McpPlugin }] })
export class McpPluginModule {
  static readonly schema: CatalogPluginSchema = { entities: [], migrations: [] };
}
