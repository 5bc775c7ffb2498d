import { isSecretRef } from '../config/sources-config';
import { loadYaml } from '../yaml/yaml-loader';
import { PathSegment, pathKey } from '../yaml/yaml-path';
import { replaceRanges, scalarSpans } from '../yaml/yaml-scalar-spans';

export const REDACTED = '***REDACTED***';

const SENSITIVE_KEY = /password|token|secret|apikey|api_key|credential/i;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/**
 * Returns a copy where every plain value under a sensitive key (at any depth, through maps and
 * lists) is replaced by REDACTED. SecretRef maps `{ name, namespace?, key }` are references, not
 * secrets, and pass unchanged.
 */
export function redactSensitive<T>(value: T): T {
  return redactNode(value, false) as T;
}

function redactNode(value: unknown, underSensitiveKey: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => redactNode(item, underSensitiveKey));
  if (value && typeof value === 'object') {
    if (value instanceof Date) return value;
    if (underSensitiveKey && isSecretRef(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      out[key] = redactNode(child, underSensitiveKey || isSensitiveKey(key));
    }
    return out;
  }
  if (underSensitiveKey && value !== null && value !== undefined && value !== '') return REDACTED;
  return value;
}

/** True when any key on the path is sensitive. */
function underSensitiveKey(path: readonly PathSegment[]): boolean {
  return path.some((seg) => typeof seg === 'string' && isSensitiveKey(seg));
}

/** The value at `path` inside a loaded document. */
function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** Whether the scalar at `path` belongs to a SecretRef map placed under a sensitive key. */
function insideSecretRef(root: unknown, path: readonly PathSegment[]): boolean {
  return path.length > 0 && isSecretRef(valueAt(root, path.slice(0, -1)));
}

/**
 * Redacts YAML text in place: each non-empty scalar under a sensitive key becomes
 * `"***REDACTED***"`; every other byte (comments, layout) stays as it was. SecretRef maps pass.
 */
export function redactYamlText(text: string): string {
  const spans = scalarSpans(text);
  if (spans.length === 0) return text;
  const loaded = loadYaml(text, { maxBytes: Number.MAX_SAFE_INTEGER });
  const root = loaded.ok ? loaded.value : undefined;
  const replacements = spans
    .filter((s) => s.value !== '' && underSensitiveKey(s.path) && !insideSecretRef(root, s.path))
    .map((s) => ({ start: s.start, end: s.end, text: `"${REDACTED}"` }));
  return replacements.length ? replaceRanges(text, replacements) : text;
}

/**
 * The other half of the placeholder round trip for YAML text: a sensitive value sent back as
 * REDACTED takes the stored document's original text at the same path. Returns the paths that
 * had no stored value to keep (the caller reports them).
 */
export function restoreRedactedYaml(
  incoming: string,
  stored: string | null,
): { text: string; unresolved: string[] } {
  const spans = scalarSpans(incoming).filter(
    (s) => s.value === REDACTED && underSensitiveKey(s.path),
  );
  if (spans.length === 0) return { text: incoming, unresolved: [] };
  const storedSpans = new Map(
    (stored ? scalarSpans(stored) : []).map(
      (s) => [pathKey(s.path), stored!.slice(s.start, s.end)] as const,
    ),
  );
  const unresolved: string[] = [];
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  for (const span of spans) {
    const original = storedSpans.get(pathKey(span.path));
    if (original === undefined) unresolved.push(span.path.join('.'));
    else replacements.push({ start: span.start, end: span.end, text: original });
  }
  return { text: replaceRanges(incoming, replacements), unresolved };
}

/**
 * Placeholder round trip for structured properties: REDACTED under a sensitive key keeps the
 * stored value at the same path; anything else is taken as sent.
 */
export function restoreRedactedValues(
  incoming: unknown,
  stored: unknown,
  path: PathSegment[] = [],
  unresolved: string[] = [],
): { value: unknown; unresolved: string[] } {
  const walk = (node: unknown, old: unknown, p: PathSegment[], sensitive: boolean): unknown => {
    if (Array.isArray(node))
      return node.map((item, i) =>
        walk(item, Array.isArray(old) ? old[i] : undefined, [...p, i], sensitive),
      );
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        const prev =
          old && typeof old === 'object' ? (old as Record<string, unknown>)[k] : undefined;
        out[k] = walk(v, prev, [...p, k], sensitive || isSensitiveKey(k));
      }
      return out;
    }
    if (sensitive && node === REDACTED) {
      if (old === undefined || old === REDACTED) {
        unresolved.push(p.join('.'));
        return node;
      }
      return old;
    }
    return node;
  };
  return { value: walk(incoming, stored, path, false), unresolved };
}
