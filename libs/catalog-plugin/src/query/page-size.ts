import { InvalidArgumentError } from '../errors/catalog-errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

/** Defaults and bounds-checks pageSize (the DTO checks too; services may be called without it). */
export function resolvePageSize(value: number | string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PAGE_SIZE;
  const size = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    const message = `pageSize must be an integer between 1 and ${MAX_PAGE_SIZE}`;
    throw new InvalidArgumentError(message, [{ field: 'pageSize', message }]);
  }
  return size;
}
