import type { DocumentSchema } from '@catalog/plugin';

/**
 * Typed custom property values of the upstream model catalog (`MetadataValue`): a `metadataType`
 * and the one matching `*_value` key. Catalog content may leave `metadataType` out when exactly one
 * value key says what it is (upstream sample catalogs do); the API always carries both.
 */
export const METADATA_VALUE_KEYS = {
  MetadataStringValue: 'string_value',
  MetadataIntValue: 'int_value',
  MetadataDoubleValue: 'double_value',
  MetadataBoolValue: 'bool_value',
  MetadataStructValue: 'struct_value',
  MetadataProtoValue: 'proto_value',
} as const;

export type MetadataType = keyof typeof METADATA_VALUE_KEYS;

/** The upstream contract's MetadataIntValue pattern: an int32-sized decimal without leading zeros. */
const INT_VALUE_PATTERN = '^-?([1-9][0-9]{0,8}|0)$';
const INT_VALUE_MAX = 999_999_999;
const INT_VALUE_MESSAGE =
  'must be an integer of at most 9 digits (a string like "42", or a number)';

/** Keys that carry a value; `type` is the proto value's type URL. */
const VALUE_KEYS: readonly string[] = [...Object.values(METADATA_VALUE_KEYS), 'type'];

/** Rejects a key that does not belong to the stated metadataType, at the key itself. */
function forbidden(message: string): DocumentSchema {
  return { not: {}, 'x-message': message };
}

function typedRule(metadataType: MetadataType): DocumentSchema {
  const own =
    metadataType === 'MetadataProtoValue'
      ? ['type', 'proto_value']
      : [METADATA_VALUE_KEYS[metadataType]];
  const expected = own.join(' and ');
  const then: DocumentSchema = {
    properties: Object.fromEntries(
      VALUE_KEYS.filter((key) => !own.includes(key)).map((key) => [
        key,
        forbidden(`does not belong to metadataType ${metadataType}; use ${expected}`),
      ]),
    ),
    // With every other value key forbidden, "metadataType plus N keys" means the own keys are there.
    minProperties: own.length + 1,
    'x-message': `metadataType ${metadataType} needs ${expected}`,
  };
  return {
    if: { required: ['metadataType'], properties: { metadataType: { const: metadataType } } },
    then,
  };
}

const untypedRule: DocumentSchema = {
  if: { not: { required: ['metadataType'] } },
  then: {
    minProperties: 1,
    maxProperties: 1,
    properties: {
      type: forbidden('proto values need metadataType: MetadataProtoValue'),
      proto_value: forbidden('proto values need metadataType: MetadataProtoValue'),
    },
    'x-message':
      'needs a metadataType, or exactly one of string_value, int_value, double_value, bool_value, struct_value',
  },
};

export const METADATA_VALUE_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    metadataType: { type: 'string', enum: Object.keys(METADATA_VALUE_KEYS) },
    string_value: { type: 'string' },
    int_value: {
      anyOf: [
        { type: 'string', pattern: INT_VALUE_PATTERN, 'x-message': INT_VALUE_MESSAGE },
        {
          type: 'integer',
          minimum: -INT_VALUE_MAX,
          maximum: INT_VALUE_MAX,
          'x-message': INT_VALUE_MESSAGE,
        },
      ],
    },
    double_value: { type: 'number' },
    bool_value: { type: 'boolean' },
    struct_value: { type: 'string' },
    proto_value: { type: 'string' },
    type: { type: 'string' },
  },
  allOf: [...(Object.keys(METADATA_VALUE_KEYS) as MetadataType[]).map(typedRule), untypedRule],
};

/** A `customProperties` map: name → typed value. */
export const CUSTOM_PROPERTIES_SCHEMA: DocumentSchema = {
  type: 'object',
  additionalProperties: METADATA_VALUE_SCHEMA,
};

/** The API form of one schema-valid value: metadataType first, int_value as a string. */
export function normalizeMetadataValue(value: Record<string, unknown>): Record<string, unknown> {
  const metadataType =
    (value.metadataType as MetadataType | undefined) ??
    (Object.keys(METADATA_VALUE_KEYS) as MetadataType[]).find(
      (type) => value[METADATA_VALUE_KEYS[type]] !== undefined,
    )!;
  const key = METADATA_VALUE_KEYS[metadataType];
  const normalized: Record<string, unknown> = { metadataType };
  if (metadataType === 'MetadataProtoValue') normalized.type = value.type;
  normalized[key] = metadataType === 'MetadataIntValue' ? String(value[key]) : value[key];
  return normalized;
}

export function normalizeCustomProperties(
  properties: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(properties)) {
    out[name] = normalizeMetadataValue(value as Record<string, unknown>);
  }
  return out;
}
