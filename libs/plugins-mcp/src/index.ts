export * from './mcp-plugin.module';
export * from './mcp.plugin';
