import { startTestApp, TestApp } from '../support/test-app';
import { MGMT } from '../support/management-api';

describe('OpenAPI covers the management plane', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('every registered management route is documented with its request and response schemas', async () => {
    const doc = (await t.http.get('/api/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: unknown }> };
            responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
          }
        >
      >;
    };
    const server = t.app.getHttpAdapter().getInstance() as {
      router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
    };
    const routes = server.router.stack
      .filter((l) => l.route?.path.startsWith(MGMT))
      .flatMap((l) =>
        Object.keys(l.route!.methods).map((m) => ({
          method: m,
          path: l
            .route!.path.replace(/\\:/g, ':')
            .replace(/\/:(\w+)/g, '/{$1}')
            .replace(/\{(\w+)\}:/g, '{$1}:'),
        })),
      );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const { method, path } of routes) {
      const openApiPath = path.replace(/:(\w+)(?=[:/]|$)/g, (m, name, offset, whole) =>
        whole[offset - 1] === '}' ? m : `{${name}}`,
      );
      const op = doc.paths[openApiPath]?.[method];
      expect([method, openApiPath, op ? 'documented' : 'missing']).toEqual([
        method,
        openApiPath,
        'documented',
      ]);
      const ok = op!.responses['200'] ?? op!.responses['201'];
      expect([method, openApiPath, !!ok?.content?.['application/json']?.schema]).toEqual([
        method,
        openApiPath,
        true,
      ]);
      if (['post'].includes(method) && /:(validate|apply|rollback)$/.test(openApiPath)) {
        expect([openApiPath, !!op!.requestBody?.content['application/json']?.schema]).toEqual([
          openApiPath,
          true,
        ]);
      }
    }
  });
});
