import { json } from 'express';
import type { NextFunction, Request, Response, RequestHandler, ErrorRequestHandler } from 'express';
import { requestIdOf } from './request-id';
import { toErrorResponse } from './catalog-exception.filter';

/**
 * JSON bodies up to this size: a 1 MiB YAML document fits with its JSON escaping;
 * anything larger is refused before it reaches a handler.
 */
export const MAX_JSON_BODY = '1536kb';

export function jsonBodyParser(): RequestHandler {
  return json({ limit: MAX_JSON_BODY, strict: true });
}

/** Body-parser errors happen before Nest's filters; answer them in the global error shape. */
export const bodyParserErrorHandler: ErrorRequestHandler = (
  err: unknown,
  req: Request,
  res: Response,
  next: NextFunction,
) => {
  if (res.headersSent) return next(err);
  const { status, body } = toErrorResponse(err, requestIdOf(req));
  res.status(status).json(body);
};
