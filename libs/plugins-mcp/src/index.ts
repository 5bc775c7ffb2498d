export * from './mcp-plugin.module';
export * from './mcp.plugin';
export * from './mcp-content.format';
export * from './mcp-content.schema';
export * from './mcp-server.model';
export * from './mcp-plugin.schema';
export * from './mcp-server.dto';
export * from './mcp-servers.controller';
