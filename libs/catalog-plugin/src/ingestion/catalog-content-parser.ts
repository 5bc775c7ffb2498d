import type { ErrorDetail } from '../errors/catalog-errors';
import type { ParsedEntity } from '../entity/entity-model';
import {
  DocumentSchema,
  DocumentSchemaValidator,
  sortByPosition,
} from '../schema/document-schema-validator';
import { YamlLoadLimits, loadYaml } from '../yaml/yaml-loader';
import { YamlLocator } from '../yaml/yaml-locator';
import { formatPath } from '../yaml/yaml-path';
import type { CatalogContentFormat } from './catalog-definition';

export type ContentParseResult =
  { ok: true; entities: ParsedEntity[] } | { ok: false; errors: ErrorDetail[] };

/** Large enough for big catalogs read from storage; documents edited over the API are capped lower. */
export const INGEST_YAML_LIMITS: YamlLoadLimits = { maxBytes: 256 * 1024 * 1024 };

const validators = new WeakMap<
  CatalogContentFormat,
  { document: DocumentSchemaValidator; item: DocumentSchemaValidator }
>();

/** Compiled validators of a format: the whole document, and one list item on its own. */
export function validatorsFor(format: CatalogContentFormat): {
  document: DocumentSchemaValidator;
  item: DocumentSchemaValidator;
} {
  let v = validators.get(format);
  if (!v) {
    const itemSchema = (
      (format.schema.properties as Record<string, DocumentSchema> | undefined)?.[
        format.itemsKey
      ] as { items?: DocumentSchema } | undefined
    )?.items;
    if (!itemSchema) throw new Error(`content schema has no properties.${format.itemsKey}.items`);
    v = {
      document: new DocumentSchemaValidator(format.schema),
      item: new DocumentSchemaValidator(itemSchema),
    };
    validators.set(format, v);
  }
  return v;
}

/**
 * Strictly parses a plugin's catalog content: YAML, then the format's schema (unknown fields,
 * types, enums), then duplicate names and the format's own checks. Every problem is reported at
 * once with its path and line; no entity is returned unless the whole document is valid.
 */
export function parseCatalogContent(
  text: string,
  format: CatalogContentFormat,
  limits: YamlLoadLimits = INGEST_YAML_LIMITS,
): ContentParseResult {
  const loaded = loadYaml(text, limits);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const doc = loaded.value;
  let locator: YamlLocator | undefined;
  const locate = (): YamlLocator => (locator ??= new YamlLocator(text));

  if (doc === null || doc === undefined) {
    return {
      ok: false,
      errors: [{ message: `document is empty; expected a map with "${format.itemsKey}:"` }],
    };
  }
  // Validate without positions first: locating is only paid for when something is wrong.
  const validator = validatorsFor(format).document;
  let errors = validator.validate(doc);
  if (errors.length > 0) errors = validator.validate(doc, locate());

  const root = doc as Record<string, unknown>;
  const items = Array.isArray(root[format.itemsKey]) ? (root[format.itemsKey] as unknown[]) : [];
  const firstIndexByName = new Map<string, number>();
  items.forEach((item, index) => {
    const name =
      item && typeof item === 'object' ? (item as Record<string, unknown>).name : undefined;
    if (typeof name !== 'string') return;
    const first = firstIndexByName.get(name);
    if (first === undefined) {
      firstIndexByName.set(name, index);
      return;
    }
    const path = [format.itemsKey, index, 'name'];
    errors.push({
      field: formatPath(path),
      message: `duplicate name "${name}" (first defined at ${format.itemsKey}[${first}])`,
      ...locate().locateValue(path),
    });
  });
  if (errors.length === 0 && format.checkItem) {
    items.forEach((item, index) => {
      for (const problem of format.checkItem!(item as Record<string, unknown>)) {
        const path = [format.itemsKey, index, ...problem.path];
        errors.push({
          field: formatPath(path),
          message: problem.message,
          ...locate().locateValue(path),
        });
      }
    });
  }
  if (errors.length > 0) return { ok: false, errors: sortByPosition(errors) };
  return {
    ok: true,
    entities: items.map((item) => format.toEntity(item as Record<string, unknown>)),
  };
}

/** `mcpservers[2].toolCont (line 31): unknown field` — the one-line form used in summaries and logs. */
export function describeContentError(detail: ErrorDetail): string {
  const where = detail.line !== undefined ? ` (line ${detail.line})` : '';
  return detail.field ? `${detail.field}${where}: ${detail.message}` : `${detail.message}${where}`;
}
