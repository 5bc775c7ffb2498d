import type { CatalogPluginSchema } from '@catalog/plugin';
import { McpServerEntity } from './mcp-server.entity';
import { CreateMcpServer1764547200000 } from './migrations/1764547200000-CreateMcpServer';

export const MCP_PLUGIN_SCHEMA: CatalogPluginSchema = {
  entities: [McpServerEntity],
  migrations: [CreateMcpServer1764547200000],
};
