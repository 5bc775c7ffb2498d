import type { SourceConfig } from '../config/sources-config';
import { InvalidArgumentError } from '../errors/catalog-errors';
import type { SourceChange } from './config-store';
import type { SourceState } from './source-revision';
import { assertDocumentSize } from './store-limits';

/** Where a planned write puts the content. */
export type ContentWrite =
  /** Content lives in `properties.content` of the entry (already set in `source`). */
  | { kind: 'inline' }
  /** Write `rawYaml` to the location `path` (as written in `yamlCatalogPath`) names. */
  | { kind: 'path'; path: string; rawYaml: string }
  /** The content is not touched. */
  | { kind: 'unchanged' };

export interface PlannedSourceWrite {
  /** The entry to store (a copy; `properties.content`/`yamlCatalogPath` already updated). */
  source: SourceConfig;
  content: ContentWrite;
}

/**
 * Turns an API change into the entry and content to store, the same way for every store:
 * - no `source` → keep the current entry (content-only edit); a new source needs an entry;
 * - a source with inline `properties.content` keeps its content inline (rawYaml replaces it);
 * - a source with `yamlCatalogPath` gets its content written where that path points;
 * - otherwise `yamlCatalogPath` is set to `defaultContentPath` (file store: `<plugin>/<id>.yaml`
 *   relative to the origin file; ConfigMap store: the `<id>.yaml` key).
 */
export function planSourceWrite(
  sourceId: string,
  current: SourceState | null,
  change: SourceChange,
  defaultContentPath: string,
): PlannedSourceWrite {
  const base = change.source ?? current?.source;
  if (!base) {
    throw new InvalidArgumentError(
      `source "${sourceId}" does not exist; creating it needs a source entry`,
      [{ field: 'source', message: 'required to create a source' }],
    );
  }
  if (base.id !== sourceId) {
    throw new InvalidArgumentError(
      `the entry's id "${base.id}" does not match the source id "${sourceId}"`,
      [{ field: 'source.id', message: `must be "${sourceId}"` }],
    );
  }
  const source = cloneEntry(base);
  if (change.rawYaml === undefined) return { source, content: { kind: 'unchanged' } };

  assertDocumentSize(change.rawYaml, `the catalog content of source "${sourceId}"`);
  const properties = { ...(source.properties ?? {}) };
  source.properties = properties;
  if (typeof properties.content === 'string') {
    properties.content = change.rawYaml;
    return { source, content: { kind: 'inline' } };
  }
  if (typeof properties.yamlCatalogPath !== 'string')
    properties.yamlCatalogPath = defaultContentPath;
  return {
    source,
    content: { kind: 'path', path: properties.yamlCatalogPath as string, rawYaml: change.rawYaml },
  };
}

/** A deep copy without `undefined` members, safe to serialize and to mutate. */
export function cloneEntry(source: SourceConfig): SourceConfig {
  return clonePlain(source) as SourceConfig;
}

/**
 * Deep copy of YAML/JSON-shaped data (plain objects, arrays, scalars) dropping `undefined`
 * members. Not structuredClone: its objects come from another realm under jest, which breaks
 * prototype checks (js-yaml's dumper, withSortedKeys).
 */
export function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => clonePlain(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clonePlain(v);
    return out as T;
  }
  return value;
}

/** Source ids and plugin names used as path segments or ConfigMap keys must be plain names. */
export const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Throws InvalidArgumentError unless `name` can be used as a file or key name as is. */
export function assertSafeName(name: string, what: string): void {
  if (!SAFE_NAME.test(name) || name.length > 200) {
    throw new InvalidArgumentError(
      `${what} ${JSON.stringify(name)} cannot name a file: use letters, digits, ".", "_" and "-" (not starting with "." or "-")`,
      [{ field: what, message: 'must match ' + SAFE_NAME.source }],
    );
  }
}
