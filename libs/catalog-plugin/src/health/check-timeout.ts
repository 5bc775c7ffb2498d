/** A readiness check that did not answer in time. */
export class CheckTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.name = 'CheckTimeoutError';
  }
}

/**
 * Settles with `work`, or rejects with CheckTimeoutError after `timeoutMs`. The work itself is not
 * cancelled (callers that hold resources clean up on their own); its later rejection is handled.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeoutError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short, single-line reason for a failed check (no stack, no multi-line driver dumps). */
export function failureMessage(err: unknown): string {
  // Connecting to a host with several addresses fails with an AggregateError and no message.
  if (err instanceof AggregateError && err.message === '' && err.errors.length > 0) {
    return failureMessage(err.errors[0]);
  }
  const message = err instanceof Error ? err.message : String(err);
  const firstLine = message.split('\n')[0].trim();
  if (firstLine) return firstLine;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : 'failed';
}
