import { CORE_SCHEMA, YAMLException, load } from 'js-yaml';
import { ErrorDetail } from '../errors/catalog-errors';

export interface YamlLoadLimits {
  /** Largest accepted document in bytes (UTF-8). */
  maxBytes?: number;
  /** Aliases allowed per document; alias bombs need many. */
  maxAliases?: number;
  /** Deepest collection nesting allowed. */
  maxDepth?: number;
}

export const DEFAULT_YAML_LIMITS: Required<YamlLoadLimits> = {
  maxBytes: 1024 * 1024,
  maxAliases: 100,
  maxDepth: 64,
};

export type YamlLoadResult = { ok: true; value: unknown } | { ok: false; errors: ErrorDetail[] };

/**
 * Loads one YAML document with the YAML 1.2 core schema (no implicit timestamps, so
 * `2025-01-20` stays a string), rejecting duplicate keys, oversized documents and alias bombs.
 */
export function loadYaml(text: string, limits: YamlLoadLimits = {}): YamlLoadResult {
  const { maxBytes, maxAliases, maxDepth } = { ...DEFAULT_YAML_LIMITS, ...limits };
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) {
    return {
      ok: false,
      errors: [{ message: `document is ${size} bytes; the limit is ${maxBytes} bytes` }],
    };
  }
  try {
    return { ok: true, value: load(text, { schema: CORE_SCHEMA, maxAliases, maxDepth }) };
  } catch (err) {
    if (err instanceof YAMLException) {
      const detail: ErrorDetail = { message: `invalid YAML: ${err.reason}` };
      if (err.mark) {
        detail.line = err.mark.line + 1;
        detail.column = err.mark.column + 1;
      }
      return { ok: false, errors: [detail] };
    }
    return { ok: false, errors: [{ message: `invalid YAML: ${(err as Error).message}` }] };
  }
}
