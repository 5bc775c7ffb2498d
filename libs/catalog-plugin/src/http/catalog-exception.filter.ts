import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CatalogError, ErrorDetail } from '../errors/catalog-errors';
import { requestIdOf } from './request-id';
import { isDatabaseUnavailable } from '../errors/database-unavailable';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  428: 'CONFIRMATION_REQUIRED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export interface ErrorBody {
  code: string;
  message: string;
  details: ErrorDetail[];
  requestId: string;
  [extra: string]: unknown;
}

/** Maps every thrown error to the global error shape; unexpected errors become an opaque 500. */
@Catch()
export class CatalogExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const { status, body, headers } = toErrorResponse(exception, requestIdOf(req));
    if (status >= 500) {
      this.logger.error({
        msg: 'request failed',
        requestId: body.requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        error: exception instanceof Error ? exception.message : String(exception),
        stack: exception instanceof Error ? exception.stack : undefined,
      });
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(status).json(body);
  }
}

export function toErrorResponse(
  exception: unknown,
  requestId: string,
): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof CatalogError) {
    return {
      status: exception.httpStatus,
      body: {
        code: exception.code,
        message: exception.message,
        details: exception.details,
        requestId,
        ...exception.extra,
      },
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    let details: ErrorDetail[] = [];
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: unknown };
      if (Array.isArray(r.message)) details = r.message.map((m) => ({ message: String(m) }));
      else if (typeof r.message === 'string') message = r.message;
    }
    return {
      status,
      body: {
        code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'ERROR'),
        message,
        details,
        requestId,
      },
      headers: {},
    };
  }
  // Errors raised by body parsing middleware carry a status (400 bad JSON, 413 too large).
  const raw = exception as {
    status?: unknown;
    statusCode?: unknown;
    type?: unknown;
    message?: unknown;
  };
  const rawStatus =
    typeof raw?.status === 'number'
      ? raw.status
      : typeof raw?.statusCode === 'number'
        ? raw.statusCode
        : undefined;
  if (rawStatus && rawStatus >= 400 && rawStatus < 500) {
    const message =
      raw.type === 'entity.too.large'
        ? 'request body is too large'
        : raw.type === 'entity.parse.failed'
          ? `malformed JSON body: ${String(raw.message)}`
          : String(raw.message ?? 'bad request');
    return {
      status: rawStatus,
      body: {
        code: CODE_BY_STATUS[rawStatus] ?? 'INVALID_ARGUMENT',
        message,
        details: [],
        requestId,
      },
      headers: {},
    };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: {
        code: 'UNAVAILABLE',
        message: 'the database is not reachable right now; retry shortly',
        details: [],
        requestId,
      },
      headers: { 'Retry-After': '5' },
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: {
      code: 'INTERNAL',
      message: 'internal error; see server logs for this request id',
      details: [],
      requestId,
    },
    headers: {},
  };
}
