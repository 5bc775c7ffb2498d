const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const MESSAGES = [
  /query read timeout/i,
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection is closed/i,
  /client has encountered a connection error/i,
];

/**
 * True when an error means the database cannot be reached right now (network failure, server
 * shutting down, connection limits) rather than a bug: the request deserves a 503, not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return true;
      // SQLSTATE 08xxx connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections.
      if (/^08/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300') return true;
    }
    if (typeof message === 'string' && MESSAGES.some((re) => re.test(message))) return true;
    e =
      (e as { driverError?: unknown; cause?: unknown }).driverError ??
      (e as { cause?: unknown }).cause;
  }
  return false;
}
