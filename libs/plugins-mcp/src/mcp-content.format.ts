import type { CatalogContentFormat, ParsedEntity } from '@catalog/plugin';
import { MCP_CONTENT_SCHEMA } from './mcp-content.schema';
import { MCP_SERVER_MODEL } from './mcp-server.model';

const FIELD_NAMES = MCP_SERVER_MODEL.fields.map((f) => f.name);

/** `mcpservers:` documents → entities for the shared engine. */
export const MCP_CONTENT_FORMAT: CatalogContentFormat = {
  schema: MCP_CONTENT_SCHEMA,
  itemsKey: 'mcpservers',
  toEntity(item: Record<string, unknown>): ParsedEntity {
    const fields: Record<string, unknown> = {};
    for (const name of FIELD_NAMES) {
      if (item[name] !== undefined && item[name] !== null) fields[name] = item[name];
    }
    const entity: ParsedEntity = { name: item.name as string, fields };
    if (item.customProperties !== undefined)
      entity.customProperties = item.customProperties as Record<string, unknown>;
    return entity;
  },
};
