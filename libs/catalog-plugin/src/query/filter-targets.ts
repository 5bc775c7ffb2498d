import type { CustomPropertiesStyle, EntityTable, FieldKind } from '../entity/entity-model';
import { STANDARD_COLUMNS } from '../entity/entity-model';
import type { FieldReference } from './filter-query.ast';
import { FilterOrigin, filterError } from './filter-query.errors';

export type FilterableKind = Exclude<FieldKind, 'json'>;

/** A filter on a real column of the entity table. */
export interface ColumnTarget {
  type: 'column';
  /** The name as the user wrote it (for messages). */
  name: string;
  column: string;
  kind: FilterableKind;
  /**
   * bigint standard columns the API exposes as strings (id, times): `id = '42'` is accepted as
   * well as `id = 42`.
   */
  acceptsNumericText: boolean;
}

/** A filter on one key of the customProperties jsonb column. */
export interface CustomPropertyTarget {
  type: 'custom-property';
  name: string;
  column: string;
  style: CustomPropertiesStyle;
  key: string;
}

export type FilterTarget = ColumnTarget | CustomPropertyTarget;

export const CUSTOM_PROPERTIES_FIELD = 'customProperties';

const STANDARD_FILTER_FIELDS: Record<string, Omit<ColumnTarget, 'type' | 'name'>> = {
  id: { column: STANDARD_COLUMNS.id, kind: 'integer', acceptsNumericText: true },
  name: { column: STANDARD_COLUMNS.name, kind: 'string', acceptsNumericText: false },
  sourceId: { column: STANDARD_COLUMNS.sourceId, kind: 'string', acceptsNumericText: false },
  source_id: { column: STANDARD_COLUMNS.sourceId, kind: 'string', acceptsNumericText: false },
  createTimeSinceEpoch: {
    column: STANDARD_COLUMNS.createTime,
    kind: 'integer',
    acceptsNumericText: true,
  },
  lastUpdateTimeSinceEpoch: {
    column: STANDARD_COLUMNS.lastUpdateTime,
    kind: 'integer',
    acceptsNumericText: true,
  },
};

/** Resolves a field reference against the model's declared schema; anything else is a 400. */
export function resolveFilterTarget(
  table: EntityTable,
  ref: FieldReference,
  origin: FilterOrigin,
): FilterTarget {
  const written = ref.key === undefined ? ref.name : `${ref.name}.${ref.key}`;
  if (ref.key !== undefined) {
    if (ref.name === CUSTOM_PROPERTIES_FIELD && table.customProperties) {
      return {
        type: 'custom-property',
        name: written,
        column: table.customProperties.column,
        style: table.customProperties.style,
        key: ref.key,
      };
    }
    throw filterError(origin, `unknown field ${JSON.stringify(written)}`, ref.position);
  }
  if (ref.name === CUSTOM_PROPERTIES_FIELD && table.customProperties) {
    throw filterError(
      origin,
      `"customProperties" needs a key, e.g. customProperties.team`,
      ref.position,
    );
  }
  if (Object.hasOwn(STANDARD_FILTER_FIELDS, ref.name)) {
    return { type: 'column', name: written, ...STANDARD_FILTER_FIELDS[ref.name] };
  }
  const field = table.fields.find((f) => f.name === ref.name);
  if (!field) throw filterError(origin, `unknown field ${JSON.stringify(written)}`, ref.position);
  if (!field.filterable || field.kind === 'json') {
    throw filterError(origin, `field ${JSON.stringify(written)} is not filterable`, ref.position);
  }
  return {
    type: 'column',
    name: written,
    column: field.column,
    kind: field.kind,
    acceptsNumericText: false,
  };
}
