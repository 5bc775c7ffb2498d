/**
 * Container health check without curl or a shell (the runtime image is distroless):
 *
 *   node dist/healthcheck.js [url] [timeoutMs]
 *
 * Exits 0 when `url` answers 200 within the timeout, 1 otherwise (not ready, refused, timed out).
 * The URL defaults to this container's own readiness endpoint on $PORT. Standalone on purpose:
 * Node built-ins only, so it starts fast and works even if the app's modules are broken.
 */

// A module, not a script: its names must not leak into the typecheck's global scope.
export {};

const DEFAULT_TIMEOUT_MS = 3000;

function defaultUrl(): string {
  return `http://127.0.0.1:${process.env.PORT || '8080'}/readyz`;
}

async function probe(url: string, timeoutMs: number): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    if (res.status === 200) return 0;
    process.stderr.write(`healthcheck: ${url} answered ${res.status}\n`);
  } catch (err) {
    const reason =
      err instanceof Error
        ? ((err.cause as Error | undefined)?.message ?? err.message)
        : String(err);
    process.stderr.write(`healthcheck: ${url}: ${reason}\n`);
  }
  return 1;
}

const url = process.argv[2] || defaultUrl();
const parsedTimeout = Number(process.argv[3]);
const timeoutMs =
  Number.isFinite(parsedTimeout) && parsedTimeout > 0 ? parsedTimeout : DEFAULT_TIMEOUT_MS;

// Exit explicitly: an idle keep-alive socket must not keep the check running.
void probe(url, timeoutMs).then((code) => process.exit(code));
