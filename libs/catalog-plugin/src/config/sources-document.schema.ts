import { DocumentSchema } from '../schema/document-schema-validator';
import { SOURCES_API_VERSION, SOURCES_KIND } from './sources-config';

const stringList: DocumentSchema = { type: 'array', items: { type: 'string' } };

/** JSON Schema of one `sources.yaml` document. Every level is closed except `properties`. */
export const SOURCE_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string' },
    type: { type: 'string', minLength: 1 },
    enabled: { type: 'boolean' },
    labels: stringList,
    // Provider-specific: each provider validates its own properties.
    properties: { type: 'object' },
    includedItems: stringList,
    excludedItems: stringList,
  },
};

export const SOURCES_DOCUMENT_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: { type: 'string', const: SOURCES_API_VERSION },
    kind: { type: 'string', const: SOURCES_KIND },
    catalogs: {
      type: ['object', 'null'],
      additionalProperties: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          sources: { type: ['array', 'null'], items: SOURCE_SCHEMA },
          labels: {
            type: ['array', 'null'],
            items: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string', minLength: 1 } },
              additionalProperties: { type: 'string' },
            },
          },
          namedQueries: {
            type: ['object', 'null'],
            additionalProperties: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                additionalProperties: false,
                required: ['operator', 'value'],
                properties: { operator: { type: 'string', minLength: 1 }, value: {} },
              },
            },
          },
        },
      },
    },
  },
};
