import { hash } from 'node:crypto';
import type {
  ContentTimestamps,
  EntityModel,
  EntityTable,
  ParsedChild,
  ParsedEntity,
} from '../entity/entity-model';

/**
 * SHA-256 of an entity's canonical form: fields in the model's declared order, free-form maps
 * with sorted keys, children in list order. Reordering keys in the YAML does not change it, so a
 * refresh leaves such rows alone.
 */
export function entityContentHash(model: EntityModel, entity: ParsedEntity): string {
  const children = (model.children ?? [])
    .map(
      (child) =>
        `[${JSON.stringify(child.collection)},[${(entity.children?.[child.collection] ?? [])
          .map((c) => canonicalChild(child, c))
          .join(',')}]]`,
    )
    .join(',');
  return hash(
    'sha256',
    `[${JSON.stringify(entity.name)},${canonicalFields(model, entity.fields, entity.customProperties)},[${children}]${canonicalTimestamps(entity)}]`,
    'hex',
  );
}

export function childContentHash(table: EntityTable, child: ParsedChild): string {
  return hash('sha256', canonicalChild(table, child), 'hex');
}

/**
 * Children are canonicalized twice per refresh (in their parent's hash, then for their own row),
 * so the text is kept with the parsed child until it is dropped.
 */
const canonicalChildren = new WeakMap<ParsedChild, string>();

function canonicalChild(table: EntityTable, child: ParsedChild): string {
  let canonical = canonicalChildren.get(child);
  if (canonical === undefined) {
    canonical = `[${JSON.stringify(child.name ?? null)},${canonicalFields(table, child.fields, child.customProperties)}${canonicalTimestamps(child)}]`;
    canonicalChildren.set(child, canonical);
  }
  return canonical;
}

function hasContentTimestamps(item: ContentTimestamps): boolean {
  return item.createTime !== undefined || item.lastUpdateTime !== undefined;
}

/**
 * Content-stated timestamps are content, so changing one rewrites the row. Appended only when
 * present: entities of catalogs without timestamps keep the hashes they always had.
 */
function canonicalTimestamps(item: ContentTimestamps): string {
  return hasContentTimestamps(item)
    ? `,${JSON.stringify([item.createTime ?? null, item.lastUpdateTime ?? null])}`
    : '';
}

function canonicalFields(
  table: EntityTable,
  fields: Record<string, unknown>,
  customProperties: Record<string, unknown> | undefined,
): string {
  let out = '[';
  for (const f of table.fields) {
    const v = fields[f.name];
    out +=
      v === undefined || v === null
        ? 'null,'
        : f.kind === 'json'
          ? `${canonicalJson(v)},`
          : `${JSON.stringify(v)},`;
  }
  return `${out}${customProperties === undefined ? 'null' : canonicalJson(customProperties)}]`;
}

/** JSON with map keys sorted at every depth (lists keep their order). */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
