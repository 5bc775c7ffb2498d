import { Module } from '@nestjs/common';
import { CATALOG_PLUGIN, CatalogPluginSchema } from '@catalog/plugin';
import { McpPlugin } from './mcp.plugin';
import { MCP_PLUGIN_SCHEMA } from './mcp-plugin.schema';
import { McpServersController } from './mcp-servers.controller';

/** The MCP asset type: provides the CatalogPlugin and its data-plane controller. */
@Module({
  providers: [{ provide: CATALOG_PLUGIN, useClass: McpPlugin }],
  controllers: [McpServersController],
})
export class McpPluginModule {
  static readonly schema: CatalogPluginSchema = MCP_PLUGIN_SCHEMA;
}
