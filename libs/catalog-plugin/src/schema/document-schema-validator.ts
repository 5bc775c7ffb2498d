import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { ErrorDetail } from '../errors/catalog-errors';
import { PathSegment, formatPath } from '../yaml/yaml-path';
import { PathLocator } from '../yaml/yaml-locator';

/** A JSON Schema object; `x-message` overrides the generated message for that node. */
export type DocumentSchema = Record<string, unknown>;

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  verbose: true,
  discriminator: true,
  keywords: ['x-message'],
});

/**
 * Validates a loaded YAML/JSON value against a JSON Schema and reports every problem
 * with its path and, when the source text is known, its line and column.
 */
export class DocumentSchemaValidator {
  private readonly validateFn: ValidateFunction;

  constructor(schema: DocumentSchema) {
    this.validateFn = ajv.compile(schema);
  }

  validate(value: unknown, locator?: PathLocator, basePath: PathSegment[] = []): ErrorDetail[] {
    if (this.validateFn(value)) return [];
    const details: ErrorDetail[] = [];
    const seen = new Set<string>();
    for (const error of this.validateFn.errors ?? []) {
      const detail = toDetail(error, value, locator, basePath);
      if (!detail) continue;
      const key = `${detail.field}|${detail.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      details.push(detail);
    }
    return sortByPosition(details);
  }
}

export function sortByPosition(details: ErrorDetail[]): ErrorDetail[] {
  return details.sort(
    (a, b) =>
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      (a.field ?? '').localeCompare(b.field ?? ''),
  );
}

function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const idx = Number(seg);
      out.push(idx);
      node = node[idx];
    } else {
      out.push(seg);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = { object: 'map', array: 'list' };

function toDetail(
  error: ErrorObject,
  root: unknown,
  locator: PathLocator | undefined,
  basePath: PathSegment[],
): ErrorDetail | undefined {
  const path = [...basePath, ...pointerToPath(error.instancePath, root)];
  const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  let message: string;
  let target = path;
  let atKey = false;
  switch (error.keyword) {
    case 'additionalProperties':
      target = [...path, String(error.params.additionalProperty)];
      message = 'unknown field';
      atKey = true;
      break;
    case 'required':
      target = [...path, String(error.params.missingProperty)];
      message = 'required field is missing';
      break;
    case 'type': {
      const expected = String(error.params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(' or ');
      message = `expected ${expected}, got ${describe(error.data)}`;
      break;
    }
    case 'enum':
      message = `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')} (got ${JSON.stringify(error.data)})`;
      break;
    case 'const':
      message = `must be ${JSON.stringify(error.params.allowedValue)} (got ${JSON.stringify(error.data)})`;
      break;
    case 'minimum':
      message = `must be >= ${String(error.params.limit)} (got ${JSON.stringify(error.data)})`;
      break;
    case 'maximum':
      message = `must be <= ${String(error.params.limit)} (got ${JSON.stringify(error.data)})`;
      break;
    case 'minLength':
      message =
        error.params.limit === 1
          ? 'must not be empty'
          : `must be at least ${String(error.params.limit)} characters`;
      break;
    case 'maxLength':
      message = `must be at most ${String(error.params.limit)} characters`;
      break;
    case 'pattern':
      message = `must match ${String(error.params.pattern)} (got ${JSON.stringify(error.data)})`;
      break;
    case 'discriminator':
      message =
        error.params.error === 'mapping'
          ? `unknown ${String(error.params.tag)} ${JSON.stringify(error.data && (error.data as Record<string, unknown>)[String(error.params.tag)])}`
          : `${String(error.params.tag)} is required`;
      break;
    case 'if':
    case 'oneOf':
    case 'anyOf':
      // The branch errors that explain the failure are reported on their own.
      if (!custom) return undefined;
      message = '';
      break;
    default:
      message = error.message ?? 'is invalid';
  }
  if (
    typeof custom === 'string' &&
    error.keyword !== 'additionalProperties' &&
    error.keyword !== 'required'
  ) {
    message = custom;
  }
  const detail: ErrorDetail = { field: formatPath(target), message };
  const pos = locator
    ? atKey
      ? locator.locateKey(target)
      : locator.locateValue(target)
    : undefined;
  if (pos) {
    detail.line = pos.line;
    detail.column = pos.column;
  }
  return detail;
}
