import type { DocumentSchema } from '@catalog/plugin';

const text = { type: 'string' };
const count = { type: 'integer', minimum: 0 };

/** One entry of `mcpservers:`: exactly the 19 fields of the seed's mcpServerStrictEntry. */
export const MCP_SERVER_ENTRY_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'serverUrl'],
  properties: {
    name: { type: 'string', minLength: 1 },
    externalId: text,
    description: text,
    serverUrl: { type: 'string', minLength: 1 },
    transportType: { type: 'string', enum: ['stdio', 'http', 'sse'] },
    toolCount: count,
    resourceCount: count,
    promptCount: count,
    deploymentMode: { type: 'string', enum: ['local', 'remote'] },
    image: text,
    endpoint: text,
    supportedTransports: {
      type: 'string',
      pattern: '^\\s*(stdio|http|sse)\\s*(,\\s*(stdio|http|sse)\\s*)*$',
      'x-message': 'must be a comma-separated subset of stdio, http, sse',
    },
    license: text,
    verified: { type: 'boolean' },
    certified: { type: 'boolean' },
    provider: text,
    logo: text,
    category: text,
    customProperties: { type: 'object' },
  },
};

/** The MCP catalog content document: `mcpservers:` and nothing else. */
export const MCP_CONTENT_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mcpservers'],
  properties: { mcpservers: { type: 'array', items: MCP_SERVER_ENTRY_SCHEMA } },
};
