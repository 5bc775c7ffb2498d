import { Injectable } from '@nestjs/common';
import {
  CatalogDefinition,
  CatalogPlugin,
  CatalogSection,
  CliHints,
  CliHintsCapability,
  SourceCatalogCapability,
  StoredEntity,
  UiHints,
  UiHintsCapability,
  yamlContentProvider,
} from '@catalog/plugin';
import { MCP_CONTENT_FORMAT } from './mcp-content.format';
import { MCP_SERVER_MODEL } from './mcp-server.model';
import { MCP_PLUGIN_SCHEMA } from './mcp-plugin.schema';

/** API item: id, source_id, the 19 content fields, and epoch-millisecond timestamps as strings. */
export function toMcpServerItem(entity: StoredEntity): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: entity.id,
    source_id: entity.sourceId,
    name: entity.name,
  };
  for (const [key, value] of Object.entries(entity.fields)) {
    if (value !== null && value !== undefined) item[key] = value;
  }
  if (entity.customProperties) item.customProperties = entity.customProperties;
  item.createTimeSinceEpoch = String(entity.createTime);
  item.lastUpdateTimeSinceEpoch = String(entity.lastUpdateTime);
  return item;
}

@Injectable()
export class McpPlugin
  implements CatalogPlugin, SourceCatalogCapability, UiHintsCapability, CliHintsCapability
{
  readonly name = 'mcp';
  readonly version = 'v1alpha1';
  readonly description = 'Catalog of Model Context Protocol (MCP) servers';
  readonly configKey = 'mcp';
  readonly entities = MCP_PLUGIN_SCHEMA.entities;
  readonly migrations = MCP_PLUGIN_SCHEMA.migrations;

  readonly catalog: CatalogDefinition = {
    model: MCP_SERVER_MODEL,
    format: MCP_CONTENT_FORMAT,
    providers: [yamlContentProvider],
    toApiItem: toMcpServerItem,
  };

  async init(section: CatalogSection | undefined): Promise<void> {
    // Nothing to prepare: sources are validated and loaded by the shared engine.
    void section;
  }

  uiHints(): UiHints {
    return {
      displayName: 'MCP servers',
      icon: 'server',
      entityPath: 'mcp_servers',
      listColumns: ['name', 'provider', 'transportType', 'deploymentMode', 'toolCount', 'license'],
      detailFields: [
        'description',
        'serverUrl',
        'endpoint',
        'image',
        'supportedTransports',
        'verified',
        'certified',
        'category',
      ],
      filterFields: [
        'provider',
        'category',
        'transportType',
        'deploymentMode',
        'license',
        'verified',
        'certified',
      ],
    };
  }

  cliHints(): CliHints {
    return {
      entityNoun: 'mcp server',
      tableColumns: ['name', 'provider', 'transportType', 'toolCount'],
      examples: ['catalogctl sources list mcp', 'catalogctl refresh mcp sample-mcp-servers'],
    };
  }
}
