import type { Response } from 'supertest';

/** Asserts the global error shape { code, message, details[], requestId } on a 4xx/5xx. */
export function expectErrorShape(res: Response, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual(
    expect.objectContaining({
      code: code ?? expect.any(String),
      message: expect.any(String),
      details: expect.any(Array),
      requestId: expect.any(String),
    }),
  );
  expect(res.body.requestId.length).toBeGreaterThan(0);
  expect(res.headers['x-request-id']).toBe(res.body.requestId);
}
