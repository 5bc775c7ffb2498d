import type { QueryRunner } from 'typeorm';
import type {
  EntityField,
  EntityTable,
  ChildEntityTable,
  EntityModel,
  ParsedChild,
  ParsedEntity,
} from '../entity/entity-model';
import { childContentHash } from './entity-content-hash';

/** An entity with its content hash, ready to write. */
export interface HashedEntity {
  entity: ParsedEntity;
  hash: string;
}

export interface ExistingEntityRow {
  id: string;
  contentHash: string;
  /** The last refresh run that kept this row (bookkeeping of SourceRefreshRun). */
  generation?: number;
  /** Index of the item that claimed this row in that run (duplicate-name reports). */
  claimedBy?: number;
}

/** Rows per statement: large enough to amortize round trips, small enough to bound memory. */
const CHUNK = 5000;

const ARRAY_TYPE: Record<EntityField['kind'], string> = {
  string: 'text[]',
  integer: 'bigint[]',
  number: 'float8[]',
  boolean: 'bool[]',
  'string-list': 'jsonb[]',
  json: 'jsonb[]',
};

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function columnValue(field: EntityField, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (field.kind === 'string-list' || field.kind === 'json') return JSON.stringify(value);
  return value;
}

interface ColumnSet {
  /** Column names in statement order, after the standard ones. */
  names: string[];
  types: string[];
  values(
    fields: Record<string, unknown>,
    customProperties: Record<string, unknown> | undefined,
  ): unknown[];
}

function columnSet(table: EntityTable): ColumnSet {
  const names = table.fields.map((f) => f.column);
  const types = table.fields.map((f) => ARRAY_TYPE[f.kind]);
  const cp = table.customProperties;
  if (cp) {
    names.push(cp.column);
    types.push('jsonb[]');
  }
  return {
    names,
    types,
    values: (fields, customProperties) => {
      const out = table.fields.map((f) => columnValue(f, fields[f.name]));
      if (cp) out.push(customProperties === undefined ? null : JSON.stringify(customProperties));
      return out;
    },
  };
}

/** Transposes rows into one array per column, the shape `unnest($1::t[], ...)` takes. */
function toColumns(rows: unknown[][], width: number): unknown[][] {
  const cols: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < width; c++) cols[c][r] = row[c];
  }
  return cols;
}

/**
 * Writes one plugin's entity table (and its child tables) in bulk: one `INSERT … SELECT FROM
 * unnest(...)` / `UPDATE … FROM unnest(...)` per chunk of rows, never one statement per entity.
 * Always runs inside the caller's transaction.
 */
export class EntityTableWriter {
  private readonly main: ColumnSet;
  private readonly children: Array<{ table: ChildEntityTable; columns: ColumnSet }>;

  constructor(private readonly model: EntityModel) {
    this.main = columnSet(model);
    this.children = (model.children ?? []).map((table) => ({ table, columns: columnSet(table) }));
  }

  async existingRows(
    runner: QueryRunner,
    sourceId: string,
  ): Promise<Map<string, ExistingEntityRow>> {
    const rows: Array<{ id: string; name: string; content_hash: string }> = await runner.query(
      `SELECT id, name, content_hash FROM ${ident(this.model.table)} WHERE source_id = $1`,
      [sourceId],
    );
    return new Map(rows.map((r) => [r.name, { id: String(r.id), contentHash: r.content_hash }]));
  }

  /** Inserts new entities; returns their ids by name. */
  async insert(
    runner: QueryRunner,
    sourceId: string,
    items: HashedEntity[],
    now: number,
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const { names, types } = this.main;
    const unnested = ['create_time', 'last_update_time', 'name', 'content_hash', ...names];
    const casts = ['bigint[]', 'bigint[]', 'text[]', 'text[]', ...types];
    const sql =
      `INSERT INTO ${ident(this.model.table)} (${['source_id', 'create_time', 'last_update_time', 'name', 'content_hash', ...names].map(ident).join(', ')}) ` +
      `SELECT $1, ${contentTimeOr('$2::bigint')}, u.name, u.content_hash${names.map((n) => `, u.${ident(n)}`).join('')} ` +
      `FROM unnest(${casts.map((t, i) => `$${i + 3}::${t}`).join(', ')}) ` +
      `AS u(${unnested.map(ident).join(', ')}) RETURNING id, name`;
    for (let start = 0; start < items.length; start += CHUNK) {
      const chunk = items.slice(start, start + CHUNK);
      const rows = chunk.map(({ entity, hash }) => [
        entity.createTime ?? null,
        entity.lastUpdateTime ?? null,
        entity.name,
        hash,
        ...this.main.values(entity.fields, entity.customProperties),
      ]);
      const returned: Array<{ id: string; name: string }> = await runner.query(sql, [
        sourceId,
        now,
        ...toColumns(rows, unnested.length),
      ]);
      for (const r of returned) ids.set(r.name, String(r.id));
    }
    return ids;
  }

  /**
   * Rewrites changed entities in place: id stays; create_time stays unless the content states
   * one; last_update_time is the content's or now.
   */
  async update(
    runner: QueryRunner,
    items: Array<HashedEntity & { id: string }>,
    now: number,
  ): Promise<void> {
    const { names, types } = this.main;
    const unnested = ['id', 'create_time', 'last_update_time', 'content_hash', ...names];
    const assignments = ['content_hash', ...names]
      .map((c) => `${ident(c)} = u.${ident(c)}`)
      .join(', ');
    const sql =
      `UPDATE ${ident(this.model.table)} AS t SET ${assignments}, ` +
      `create_time = COALESCE(u.create_time, t.create_time), ` +
      `last_update_time = COALESCE(u.last_update_time, $1::bigint) ` +
      `FROM unnest(${['bigint[]', 'bigint[]', 'bigint[]', 'text[]', ...types].map((t, i) => `$${i + 2}::${t}`).join(', ')}) ` +
      `AS u(${unnested.map(ident).join(', ')}) WHERE t.id = u.id`;
    for (let start = 0; start < items.length; start += CHUNK) {
      const chunk = items.slice(start, start + CHUNK);
      const rows = chunk.map(({ id, entity, hash }) => [
        id,
        entity.createTime ?? null,
        entity.lastUpdateTime ?? null,
        hash,
        ...this.main.values(entity.fields, entity.customProperties),
      ]);
      await runner.query(sql, [now, ...toColumns(rows, unnested.length)]);
    }
  }

  async deleteByIds(runner: QueryRunner, ids: string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += CHUNK) {
      await runner.query(`DELETE FROM ${ident(this.model.table)} WHERE id = ANY($1::bigint[])`, [
        ids.slice(start, start + CHUNK),
      ]);
    }
  }

  /** Removes every entity of a source (children go with them through ON DELETE CASCADE). */
  async deleteSource(runner: QueryRunner, sourceId: string): Promise<number> {
    const result: unknown = await runner.query(
      `WITH d AS (DELETE FROM ${ident(this.model.table)} WHERE source_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [sourceId],
    );
    return (result as Array<{ n: number }>)[0]?.n ?? 0;
  }

  /** Replaces the children of the given parents (changed parents lose their old children first). */
  async replaceChildren(
    runner: QueryRunner,
    sourceId: string,
    parents: Array<{ id: string; entity: ParsedEntity; existed: boolean }>,
    now: number,
  ): Promise<void> {
    for (const { table, columns } of this.children) {
      const existing = parents.filter((p) => p.existed).map((p) => p.id);
      for (let start = 0; start < existing.length; start += CHUNK) {
        await runner.query(
          `DELETE FROM ${ident(table.table)} WHERE ${ident(table.parentColumn)} = ANY($1::bigint[])`,
          [existing.slice(start, start + CHUNK)],
        );
      }
      const rows: unknown[][] = [];
      for (const parent of parents) {
        for (const child of parent.entity.children?.[table.collection] ?? []) {
          rows.push([
            child.createTime ?? null,
            child.lastUpdateTime ?? null,
            parent.id,
            child.name ?? null,
            childHash(table, child),
            ...columns.values(child.fields, child.customProperties),
          ]);
        }
      }
      const cols = [table.parentColumn, 'name', 'content_hash', ...columns.names];
      const unnested = ['create_time', 'last_update_time', ...cols];
      const casts = ['bigint[]', 'bigint[]', 'bigint[]', 'text[]', 'text[]', ...columns.types];
      const sql =
        `INSERT INTO ${ident(table.table)} (${['source_id', 'create_time', 'last_update_time', ...cols].map(ident).join(', ')}) ` +
        `SELECT $1, ${contentTimeOr('$2::bigint')}${cols.map((c) => `, u.${ident(c)}`).join('')} ` +
        `FROM unnest(${casts.map((t, i) => `$${i + 3}::${t}`).join(', ')}) ` +
        `AS u(${unnested.map(ident).join(', ')})`;
      for (let start = 0; start < rows.length; start += CHUNK) {
        await runner.query(sql, [
          sourceId,
          now,
          ...toColumns(rows.slice(start, start + CHUNK), unnested.length),
        ]);
      }
    }
  }
}

/** create_time and last_update_time of an inserted row: the content's when stated, else `now`. */
function contentTimeOr(now: string): string {
  return `COALESCE(u.create_time, ${now}), COALESCE(u.last_update_time, ${now})`;
}

function childHash(table: EntityTable, child: ParsedChild): string {
  return childContentHash(table, child);
}
