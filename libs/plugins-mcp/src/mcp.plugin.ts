import { Injectable } from '@nestjs/common';
import { CatalogPlugin, CatalogSection } from '@catalog/plugin';

@Injectable()
export class McpPlugin implements CatalogPlugin {
  readonly name = 'mcp';
  readonly version = 'v1alpha1';
  readonly description = 'Catalog of Model Context Protocol (MCP) servers';
  readonly configKey = 'mcp';
  readonly entities = [];
  readonly migrations = [];

  async init(_section: CatalogSection | undefined): Promise<void> {}
}
