import type { EntityField, EntityModel } from '@catalog/plugin';

const field = (
  name: string,
  column: string,
  kind: EntityField['kind'],
  traits: Partial<EntityField> = {},
): EntityField => ({
  name,
  column,
  kind,
  filterable: true,
  ...traits,
});

/** How MCP servers are stored and queried; drives ingestion, filterQuery and filter_options. */
export const MCP_SERVER_MODEL: EntityModel = {
  table: 'mcp_server',
  resourceName: 'mcp servers',
  fields: [
    field('externalId', 'external_id', 'string'),
    field('description', 'description', 'string', { searchable: true }),
    field('serverUrl', 'server_url', 'string'),
    field('transportType', 'transport_type', 'string', { sortable: true, filterOption: true }),
    field('toolCount', 'tool_count', 'integer', { sortable: true, filterOption: true }),
    field('resourceCount', 'resource_count', 'integer', { sortable: true, filterOption: true }),
    field('promptCount', 'prompt_count', 'integer', { sortable: true, filterOption: true }),
    field('deploymentMode', 'deployment_mode', 'string', { sortable: true, filterOption: true }),
    field('image', 'image', 'string'),
    field('endpoint', 'endpoint', 'string'),
    field('supportedTransports', 'supported_transports', 'string'),
    field('license', 'license', 'string', { sortable: true, filterOption: true }),
    field('verified', 'verified', 'boolean', { sortable: true, filterOption: true }),
    field('certified', 'certified', 'boolean', { sortable: true, filterOption: true }),
    field('provider', 'provider', 'string', {
      sortable: true,
      searchable: true,
      filterOption: true,
    }),
    field('logo', 'logo', 'string', { filterable: false }),
    field('category', 'category', 'string', { sortable: true, filterOption: true }),
  ],
  customProperties: { column: 'custom_properties', style: 'plain' },
};

/** Content field names in the order of the seed's strict entry (name first). */
export const MCP_SERVER_FIELDS = [
  'name',
  ...MCP_SERVER_MODEL.fields.map((f) => f.name),
  'customProperties',
];
