import { createHash } from 'node:crypto';
import type { ParsedEntity } from '../entity/entity-model';

/**
 * SHA-256 of an entity's canonical JSON (map keys sorted, lists in order). Unchanged content
 * gives the same hash whatever the key order in the YAML, so a refresh leaves such rows alone.
 */
export function entityContentHash(entity: ParsedEntity): string {
  return createHash('sha256').update(canonicalJson(entity)).digest('hex');
}

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
