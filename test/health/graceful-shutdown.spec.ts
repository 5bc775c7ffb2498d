import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfigDir, TempConfigDir } from '../support/config-dir';
import { freePort, ServerProcess, spawnServer, waitForHttp } from '../support/server-process';
import { SLOW_ROUTE_BASE, SLOW_ROUTE_DIR_ENV } from '../support/slow-route-plugin';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The real server entry (runServer) plus a test route whose requests last until released. */
const SLOW_SERVER_ENTRY = join(__dirname, 'support', 'slow-server.main.ts');

async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}

describe('graceful shutdown of the server process', () => {
  let db: TestDatabase;
  let config: TempConfigDir;
  let slowDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = makeConfigDir({}, { copyShipped: true });
    slowDir = mkdtempSync(join(tmpdir(), 'catalog-slow-'));
  });

  afterAll(async () => {
    await db.drop();
    config.remove();
    rmSync(slowDir, { recursive: true, force: true });
  });

  async function start(extra: Record<string, string>): Promise<ServerProcess> {
    const server = spawnServer(
      {
        PORT: String(await freePort()),
        DATABASE_URL: db.url,
        CATALOG_CONFIG_DIR: config.root,
        CATALOG_CONFIG_PATHS: config.path('sources.yaml'),
        [SLOW_ROUTE_DIR_ENV]: slowDir,
        ...extra,
      },
      SLOW_SERVER_ENTRY,
    );
    await waitForHttp(server, '/readyz', 60_000, 200);
    return server;
  }

  /** Starts a request that stays in flight until `release`; resolves once the server holds it. */
  async function inFlight(
    server: ServerProcess,
    token: string,
  ): Promise<{ response: Promise<Response>; release(): void }> {
    const response = fetch(`${server.url}${SLOW_ROUTE_BASE}/${token}`);
    response.catch(() => undefined); // a test that kills the server awaits the failure itself
    await until(() => existsSync(join(slowDir, `${token}.started`)), 'the slow request to start');
    return { response, release: () => writeFileSync(join(slowDir, token), '') };
  }

  it('on SIGTERM: readiness 503 at once, in-flight request completes, exit code 0', async () => {
    const server = await start({ SHUTDOWN_DRAIN_MS: '1500', SHUTDOWN_GRACE_MS: '20000' });
    const slow = await inFlight(server, 'sigterm');
    let exitCode: number | string | undefined;
    void server.exited.then((code) => (exitCode = code));

    const signalled = Date.now();
    server.kill('SIGTERM');
    await until(
      () => server.output().includes('"shutting down"'),
      'the signal to be handled',
      5000,
    );
    // The first readiness answer after the signal is already 503; liveness is still fine.
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'shutting_down',
      error: { shutdown: { reason: 'SIGTERM' } },
    });
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);

    // After the drain the listener closes, but the process waits for the request in flight.
    await until(() => refused(`${server.url}/livez`), 'the listener to close');
    expect(exitCode).toBeUndefined();

    slow.release();
    const res = await slow.response;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ token: 'sigterm' });

    expect(await server.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(20_000);
    const out = server.output();
    expect(out).toContain('"in-flight requests finished"');
    expect(out).toContain('"stopped"');
    expect(out).not.toContain('grace period exceeded');
  });

  it('a request that outlives SHUTDOWN_GRACE_MS does not keep the process: it exits 1', async () => {
    const server = await start({ SHUTDOWN_GRACE_MS: '1000' });
    const slow = await inFlight(server, 'stuck');
    server.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('grace period exceeded');
    await expect(slow.response).rejects.toThrow(); // the connection died with the process
    slow.release();
  });
});
