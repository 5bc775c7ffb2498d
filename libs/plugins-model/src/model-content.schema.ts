import type { DocumentSchema } from '@catalog/plugin';
import { CUSTOM_PROPERTIES_SCHEMA } from './metadata-value';

const text = { type: 'string' };
const stringList = { type: 'array', items: { type: 'string' } };

/**
 * An absolute URI (`scheme:rest`, no whitespace): the upstream contract declares `format: uri` for
 * artifact URIs, logos (data URLs are fine) and license links, so content that is not one is
 * rejected here rather than served off-contract.
 */
const uri = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$',
  'x-message': 'must be an absolute URI (scheme:..., no spaces)',
};

const TIMESTAMP_MESSAGE =
  'must be epoch milliseconds: digits as a string ("1737331200000") or a number';
/** Epoch milliseconds; upstream writes them as strings of digits, plain integers are accepted too. */
const timestamp = {
  anyOf: [
    { type: 'string', pattern: '^[0-9]{1,15}$', 'x-message': TIMESTAMP_MESSAGE },
    { type: 'integer', minimum: 0, maximum: 999_999_999_999_999, 'x-message': TIMESTAMP_MESSAGE },
  ],
};

export const ARTIFACT_TYPES = ['model-artifact', 'metrics-artifact'] as const;
export const METRICS_TYPES = ['performance-metrics', 'accuracy-metrics'] as const;

/**
 * One entry of a model's `artifacts:`: a model artifact (`uri`; `artifactType` defaults to
 * `model-artifact`) or a metrics artifact (`artifactType: metrics-artifact`, optional
 * `metricsType`, no uri).
 */
export const MODEL_ARTIFACT_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    artifactType: { type: 'string', enum: [...ARTIFACT_TYPES] },
    uri,
    metricsType: { type: 'string', enum: [...METRICS_TYPES] },
    name: { type: 'string', minLength: 1 },
    description: text,
    externalId: text,
    createTimeSinceEpoch: timestamp,
    lastUpdateTimeSinceEpoch: timestamp,
    customProperties: CUSTOM_PROPERTIES_SCHEMA,
  },
  if: {
    required: ['artifactType'],
    properties: { artifactType: { const: 'metrics-artifact' } },
  },
  then: {
    properties: {
      uri: { not: {}, 'x-message': 'metrics artifacts have no uri (only model artifacts do)' },
    },
  },
  else: {
    required: ['uri'],
    properties: {
      metricsType: {
        not: {},
        'x-message': 'only metrics artifacts (artifactType: metrics-artifact) have a metricsType',
      },
    },
  },
};

/** One entry of `models:` in the upstream model catalog format. */
export const MODEL_ENTRY_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    description: text,
    readme: text,
    maturity: text,
    language: stringList,
    tasks: stringList,
    provider: text,
    logo: uri,
    license: text,
    licenseLink: uri,
    libraryName: text,
    createTimeSinceEpoch: timestamp,
    lastUpdateTimeSinceEpoch: timestamp,
    customProperties: CUSTOM_PROPERTIES_SCHEMA,
    artifacts: { type: 'array', items: MODEL_ARTIFACT_SCHEMA },
  },
};

/**
 * A model catalog document: `source` (the catalog's display name; the served name comes from
 * sources.yaml) and `models`.
 */
export const MODEL_CONTENT_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['models'],
  properties: {
    source: text,
    models: { type: 'array', items: MODEL_ENTRY_SCHEMA },
  },
};
