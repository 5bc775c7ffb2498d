import { expectErrorShape } from '../support/error-shape';
import { DEFAULT_PLUGINS } from '../../apps/catalog-server/src/app.module';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/** The bound: readiness follows the database within 5 s either way. */
const FLIP_WITHIN_MS = 5000;

/** Polls /readyz until it answers `status`; returns how long that took. Every answer must be quick. */
async function readinessBecomes(
  t: TestApp,
  status: number,
): Promise<{ elapsedMs: number; body: Record<string, unknown> }> {
  const started = Date.now();
  for (;;) {
    const asked = Date.now();
    const res = await t.http.get('/readyz');
    // A probe that hangs would be killed by the kubelet's timeout and count as a failure anyway,
    // but it must not: the ping gives up after 1 s.
    expect(Date.now() - asked).toBeLessThan(2500);
    if (res.status === status) return { elapsedMs: Date.now() - started, body: res.body };
    if (Date.now() - started > FLIP_WITHIN_MS + 2000)
      throw new Error(`/readyz still ${res.status}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls /livez in the background for the duration of a test; every answer must be 200. */
function watchLiveness(t: TestApp): { stop(): Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      statuses.push((await t.http.get('/livez')).status);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return statuses;
    },
  };
}

describe.each([
  ['refused (PostgreSQL stopped)', 'refuse' as const],
  ['black-holed (network partition)', 'blackhole' as const],
])('database outage: %s', (_label, mode) => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await TcpProxy.forUrl(database.url);
    t = await startTestApp({
      database: { ...database, url: proxy.url(database.url) },
      plugins: DEFAULT_PLUGINS,
      env: { DATABASE_QUERY_TIMEOUT_MS: '2000' },
    });
  });

  afterAll(async () => {
    await proxy.restore();
    await t.close({ keep: true });
    await proxy.close();
    await database.drop();
    t.config.remove();
  });

  it('readiness goes 503 within 5 s, liveness stays 200, and both recover within 5 s without a restart', async () => {
    await t.http.get('/readyz').expect(200);
    const liveness = watchLiveness(t);

    await proxy.cut(mode);
    const down = await readinessBecomes(t, 503);
    expect(down.elapsedMs).toBeLessThan(FLIP_WITHIN_MS);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { database: { status: 'down', message: expect.any(String) } },
      details: {
        plugins: { status: 'up' },
        initialLoad: { status: 'up' },
        configStore: { status: 'up' },
      },
    });

    // A burst of probes shares one ping instead of queueing for pool connections.
    const asked = Date.now();
    const burst = await Promise.all(Array.from({ length: 10 }, () => t.http.get('/readyz')));
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(503));
    expect(Date.now() - asked).toBeLessThan(2500);

    // Liveness never looks at the database: still 200 while it is gone.
    for (const path of ['/livez', '/healthz']) await t.http.get(path).expect(200);

    // The data plane says the database is unavailable (503 in the error shape), not a bug (500).
    const during = await t.http.get('/api/mcp_catalog/v1alpha1/mcp_servers');
    expectErrorShape(during, 503, 'UNAVAILABLE');
    expect(during.headers['retry-after']).toBe('5');

    await proxy.restore();
    const up = await readinessBecomes(t, 200);
    expect(up.elapsedMs).toBeLessThan(FLIP_WITHIN_MS);

    // The application's pool works again too: the data plane answers from the database.
    const servers = await t.http.get('/api/mcp_catalog/v1alpha1/mcp_servers').expect(200);
    expect(servers.body.items.length).toBeGreaterThan(0);

    const statuses = await liveness.stop();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});
