import type { EntityTable, StoredEntity } from '../entity/entity-model';
import { STANDARD_COLUMNS } from '../entity/entity-model';
import { entityColumn, quoteIdentifier } from './sql-parameters';

export type EntityRow = Record<string, unknown>;

const CUSTOM_PROPERTIES_ALIAS = 'custom_properties';

function fieldAlias(index: number): string {
  return `f${index}`;
}

/**
 * The select list for a table's rows. bigint standard columns come back as text whatever pg type
 * parsers the process has installed; fields are aliased by position so no column name can collide.
 */
export function entitySelectList(table: EntityTable): string {
  const c = STANDARD_COLUMNS;
  return [
    `${entityColumn(c.id)}::text AS "id"`,
    `${entityColumn(c.sourceId)} AS "source_id"`,
    `${entityColumn(c.name)} AS "name"`,
    `${entityColumn(c.contentHash)} AS "content_hash"`,
    `${entityColumn(c.createTime)}::text AS "create_time"`,
    `${entityColumn(c.lastUpdateTime)}::text AS "last_update_time"`,
    ...table.fields.map((f, i) => `${entityColumn(f.column)} AS ${quoteIdentifier(fieldAlias(i))}`),
    ...(table.customProperties
      ? [`${entityColumn(table.customProperties.column)} AS "${CUSTOM_PROPERTIES_ALIAS}"`]
      : []),
  ].join(', ');
}

/** Maps a row selected with `entitySelectList` back to API names; NULL fields are left out. */
export function toStoredEntity(table: EntityTable, row: EntityRow): StoredEntity {
  const fields: Record<string, unknown> = {};
  table.fields.forEach((field, i) => {
    const value = row[fieldAlias(i)];
    if (value === null || value === undefined) return;
    fields[field.name] =
      (field.kind === 'integer' || field.kind === 'number') && typeof value === 'string'
        ? Number(value)
        : value;
  });
  const entity: StoredEntity = {
    id: String(row.id),
    sourceId: String(row.source_id),
    // Child rows may be unnamed; StoredEntity.name is a string, so unnamed is ''.
    name: row.name === null || row.name === undefined ? '' : String(row.name),
    contentHash: String(row.content_hash),
    createTime: Number(row.create_time),
    lastUpdateTime: Number(row.last_update_time),
    fields,
  };
  const customProperties = row[CUSTOM_PROPERTIES_ALIAS];
  if (table.customProperties && customProperties && typeof customProperties === 'object') {
    entity.customProperties = customProperties as Record<string, unknown>;
  }
  return entity;
}
