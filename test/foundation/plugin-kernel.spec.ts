import { DEFAULT_PLUGINS } from '../../apps/catalog-server/src/app.module';
import { expectErrorShape } from '../support/error-shape';
import { startTestApp, TestApp } from '../support/test-app';
import {
  FailingPluginModule,
  FirstRecordingPluginModule,
  SecondRecordingPluginModule,
  lifecycleLog,
} from '../support/test-plugins';

describe('plugin kernel over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      plugins: [
        ...DEFAULT_PLUGINS,
        FirstRecordingPluginModule,
        FailingPluginModule,
        SecondRecordingPluginModule,
      ],
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every plugin with identity, status and capabilities', async () => {
    const res = await t.http.get('/api/plugins').expect(200);
    expect(res.body.count).toBe(5);
    expect(res.body.plugins.map((p: { name: string }) => p.name)).toEqual([
      'mcp',
      'model',
      'first',
      'failing',
      'second',
    ]);
    const mcp = res.body.plugins[0];
    expect(mcp).toMatchObject({
      name: 'mcp',
      version: 'v1alpha1',
      configKey: 'mcp',
      basePath: '/api/mcp_catalog/v1alpha1',
      healthy: true,
      status: { initialized: true, serving: true },
    });
    expect(Array.isArray(mcp.capabilities)).toBe(true);
    expect(mcp.management).toEqual(expect.objectContaining({ providerTypes: expect.any(Array) }));
    expect(res.body.plugins[2].basePath).toBe('/api/first_catalog/v1');
  });

  it('isolates a plugin whose init throws: listed as failed, others serve', async () => {
    const res = await t.http.get('/api/plugins').expect(200);
    const failing = res.body.plugins.find((p: { name: string }) => p.name === 'failing');
    expect(failing).toMatchObject({
      healthy: false,
      status: {
        initialized: false,
        serving: false,
        lastError: 'boom: upstream registry unreachable',
      },
    });
    const failed = await t.http.get('/api/failing_catalog/v1/things');
    expectErrorShape(failed, 503, 'UNAVAILABLE');
    expect(failed.body.message).toContain('boom: upstream registry unreachable');
    await t.http
      .post('/api/first_catalog/v1/echo')
      .send({ name: 'ok' })
      .expect(200, { name: 'ok' });
  });

  it('inits plugins after migrations, each with its own section, then starts them', () => {
    expect(lifecycleLog.slice(0, 4)).toEqual([
      'init:first',
      'start:first',
      'init:second',
      'start:second',
    ]);
  });

  it('echoes a caller request id and generates one otherwise', async () => {
    const res = await t.http.get('/api/plugins').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
    const generated = await t.http.get('/api/plugins').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one structured line per request', async () => {
    await t.http.get('/api/plugins').set('X-Request-Id', 'log-probe-1').expect(200);
    const line = t.logs.records().find((r) => r.msg === 'request' && r.requestId === 'log-probe-1');
    expect(line).toMatchObject({ method: 'GET', path: '/api/plugins', status: 200, level: 'info' });
    expect(typeof line!.durationMs).toBe('number');
  });

  it('answers unknown routes in the global error shape', async () => {
    const res = await t.http.get('/api/nothing-here').set('X-Request-Id', 'abc-1');
    expectErrorShape(res, 404, 'NOT_FOUND');
    expect(res.body.requestId).toBe('abc-1');
  });

  it('rejects unknown body keys and wrong types with field paths', async () => {
    const res = await t.http
      .post('/api/first_catalog/v1/echo')
      .send({ name: 'x', count: -1, colour: 'red' });
    expectErrorShape(res, 400, 'INVALID_ARGUMENT');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'unknown field' },
        expect.objectContaining({ field: 'count' }),
      ]),
    );
  });

  it('rejects malformed JSON and oversized bodies in the error shape', async () => {
    const bad = await t.http
      .post('/api/first_catalog/v1/echo')
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expectErrorShape(bad, 400, 'INVALID_ARGUMENT');
    expect(bad.body.message).toContain('malformed JSON');
    const big = await t.http
      .post('/api/first_catalog/v1/echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expectErrorShape(big, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('turns unexpected errors into an opaque 500 and logs them with the request id', async () => {
    const res = await t.http.get('/api/first_catalog/v1/boom').set('X-Request-Id', 'boom-1');
    expectErrorShape(res, 500, 'INTERNAL');
    expect(res.body.message).not.toContain('hunter2');
    const logged = t.logs
      .records()
      .find((r) => r.msg === 'request failed' && r.requestId === 'boom-1');
    expect(logged).toBeDefined();
  });

  it('stops plugins in reverse order on shutdown', async () => {
    const before = lifecycleLog.length;
    await t.close();
    expect(lifecycleLog.slice(before)).toEqual(['stop:second', 'stop:first']);
    t = undefined as unknown as TestApp;
  });
});
