const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

/** Integer text that a PostgreSQL bigint cast accepts (so binding it can never raise). */
export function fitsBigint(text: string): boolean {
  if (!/^-?\d{1,20}$/.test(text)) return false;
  const value = BigInt(text);
  return value >= BIGINT_MIN && value <= BIGINT_MAX;
}

/** An entity id as the API carries it: the decimal text of a positive bigint identity. */
export function isEntityId(text: string): boolean {
  return /^\d{1,19}$/.test(text) && fitsBigint(text);
}
