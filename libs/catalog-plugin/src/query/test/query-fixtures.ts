import type { DataSource } from 'typeorm';
import type { ChildEntityTable, EntityModel, EntityTable } from '../../entity/entity-model';
import { quoteIdentifier } from '../sql-parameters';

/** Child table: parts of a widget, with metadata-value customProperties. */
export const WIDGET_PARTS: ChildEntityTable = {
  table: 'test_widget_parts',
  parentColumn: 'widget_id',
  collection: 'parts',
  fields: [
    { name: 'kind', column: 'kind', kind: 'string', filterable: true },
    { name: 'size', column: 'size', kind: 'integer', filterable: true, sortable: true },
  ],
  customProperties: { column: 'custom_properties', style: 'metadata-value' },
};

/** An entity model using every field kind, with plain customProperties. */
export const WIDGETS: EntityModel = {
  resourceName: 'widgets',
  table: 'test_widgets',
  fields: [
    { name: 'description', column: 'description', kind: 'string', searchable: true },
    {
      name: 'license',
      column: 'license',
      kind: 'string',
      filterable: true,
      sortable: true,
      filterOption: true,
    },
    {
      name: 'tasks',
      column: 'tasks',
      kind: 'string-list',
      filterable: true,
      searchable: true,
      filterOption: true,
    },
    {
      name: 'toolCount',
      column: 'tool_count',
      kind: 'integer',
      filterable: true,
      sortable: true,
      filterOption: true,
    },
    {
      name: 'score',
      column: 'score',
      kind: 'number',
      filterable: true,
      sortable: true,
      filterOption: true,
    },
    {
      name: 'verified',
      column: 'verified',
      kind: 'boolean',
      filterable: true,
      sortable: true,
      filterOption: true,
    },
    { name: 'internalNote', column: 'internal_note', kind: 'string' },
    { name: 'metadata', column: 'metadata', kind: 'json' },
  ],
  customProperties: { column: 'custom_properties', style: 'plain' },
  children: [WIDGET_PARTS],
};

/** A second model whose customProperties use upstream's typed metadata values. */
export const GADGETS: EntityModel = {
  resourceName: 'gadgets',
  table: 'test_gadgets',
  fields: [{ name: 'license', column: 'license', kind: 'string', filterable: true }],
  customProperties: { column: 'custom_properties', style: 'metadata-value' },
};

const SQL_TYPE = {
  string: 'text',
  integer: 'bigint',
  number: 'double precision',
  boolean: 'boolean',
  'string-list': 'jsonb',
  json: 'jsonb',
} as const;

/** Creates a table the way the conventions on STANDARD_COLUMNS say a plugin migration does. */
export async function createEntityTable(
  dataSource: DataSource,
  table: EntityTable,
  parent?: EntityTable,
): Promise<void> {
  const q = quoteIdentifier;
  const child = parent && 'parentColumn' in table ? (table as ChildEntityTable) : undefined;
  const columns = [
    'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    'source_id text NOT NULL',
    child ? 'name text' : 'name text NOT NULL',
    'content_hash text NOT NULL',
    'create_time bigint NOT NULL',
    'last_update_time bigint NOT NULL',
    ...(child && parent
      ? [
          `${q(child.parentColumn)} bigint NOT NULL REFERENCES ${q(parent.table)}(id) ON DELETE CASCADE`,
        ]
      : []),
    ...table.fields.map((f) => `${q(f.column)} ${SQL_TYPE[f.kind]}`),
    ...(table.customProperties ? [`${q(table.customProperties.column)} jsonb`] : []),
    ...(child ? [] : ['UNIQUE (source_id, name)']),
  ];
  await dataSource.query(`CREATE TABLE ${q(table.table)} (${columns.join(', ')})`);
  for (const column of ['name', 'create_time', 'last_update_time']) {
    await dataSource.query(
      `CREATE INDEX ${q(`${table.table}_${column}_idx`)} ON ${q(table.table)} (${q(column)}, id)`,
    );
  }
}

export interface TestRow {
  sourceId?: string;
  name: string | null;
  fields?: Record<string, unknown>;
  customProperties?: Record<string, unknown> | null;
  createTime?: number;
  lastUpdateTime?: number;
  parentId?: string;
}

let clock = 1_700_000_000_000;

/** Inserts rows (parameterized) and returns their ids in order. */
export async function insertRows(
  dataSource: DataSource,
  table: EntityTable,
  rows: readonly TestRow[],
): Promise<string[]> {
  const ids: string[] = [];
  const q = quoteIdentifier;
  for (const row of rows) {
    const createTime = row.createTime ?? (clock += 1000);
    const columns = ['source_id', 'name', 'content_hash', 'create_time', 'last_update_time'];
    const values: unknown[] = [
      row.sourceId ?? 'src-a',
      row.name,
      `hash-${row.name}`,
      createTime,
      row.lastUpdateTime ?? createTime,
    ];
    if ('parentColumn' in table) {
      columns.push((table as ChildEntityTable).parentColumn);
      values.push(row.parentId);
    }
    for (const field of table.fields) {
      if (!row.fields || !(field.name in row.fields)) continue;
      const value = row.fields[field.name];
      columns.push(field.column);
      values.push(
        field.kind === 'string-list' || field.kind === 'json' ? JSON.stringify(value) : value,
      );
    }
    if (table.customProperties && row.customProperties !== undefined) {
      columns.push(table.customProperties.column);
      values.push(row.customProperties === null ? null : JSON.stringify(row.customProperties));
    }
    const [inserted] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO ${q(table.table)} (${columns.map(q).join(', ')}) VALUES (${values
        .map((_, i) => `$${i + 1}`)
        .join(', ')}) RETURNING id::text AS id`,
      values,
    );
    ids.push(inserted.id);
  }
  return ids;
}
