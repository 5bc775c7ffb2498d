/** Locale-independent string order, so sorted views are identical on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep copy with every map's keys in code-point order (lists keep their order). */
export function withSortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withSortedKeys(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareCodePoints)) {
      out[key] = withSortedKeys((value as Record<string, unknown>)[key]);
    }
    return out as T;
  }
  return value;
}
