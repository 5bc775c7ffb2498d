import { ErrorDetail } from '../errors/catalog-errors';

/**
 * includedItems / excludedItems: `*` is the only wildcard, matching is case-insensitive and
 * anchored (the upstream catalog's includedModels/excludedModels semantics). Exclusion wins.
 */
export class ItemNameFilter {
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(included: readonly string[] = [], excluded: readonly string[] = []) {
    this.include = included.map(toRegExp);
    this.exclude = excluded.map(toRegExp);
  }

  get active(): boolean {
    return this.include.length > 0 || this.exclude.length > 0;
  }

  accepts(name: string): boolean {
    if (this.exclude.some((re) => re.test(name))) return false;
    return this.include.length === 0 || this.include.some((re) => re.test(name));
  }
}

function toRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** Problems with the patterns themselves (semantic validation of a source). */
export function validateItemPatterns(
  included: readonly string[] = [],
  excluded: readonly string[] = [],
): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const check = (list: readonly string[], key: string) =>
    list.forEach((p, i) => {
      if (p.trim() === '')
        errors.push({ field: `source.${key}[${i}]`, message: 'pattern must not be empty' });
    });
  check(included, 'includedItems');
  check(excluded, 'excludedItems');
  const inc = new Set(included.map((p) => p.toLowerCase()));
  excluded.forEach((p, i) => {
    if (inc.has(p.toLowerCase())) {
      errors.push({
        field: `source.excludedItems[${i}]`,
        message: `pattern "${p}" is also in includedItems`,
      });
    }
  });
  return errors;
}
