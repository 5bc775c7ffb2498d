import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, TestApp } from '../support/test-app';

describe('OpenAPI and Swagger UI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.http.get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('serves a valid OpenAPI 3 document at /api/openapi.json', async () => {
    const res = await t.http.get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(res.body))).resolves.toBeDefined();
    expect(res.body.paths['/api/plugins'].get.responses['200']).toBeDefined();
  });
});
