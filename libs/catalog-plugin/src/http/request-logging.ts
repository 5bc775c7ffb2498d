import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from './request-id';

export interface RequestLoggingOptions {
  /**
   * Paths logged at debug level (health probes poll every few seconds; readiness changes are
   * logged by the readiness service itself).
   */
  quietPaths?: readonly string[];
}

/** One log line per request: method, path, status, duration, request id. */
export function requestLoggingMiddleware(
  logger: LoggerService,
  options: RequestLoggingOptions = {},
) {
  const quiet = new Set(options.quietPaths ?? []);
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0];
      const write = quiet.has(path) ? logger.debug?.bind(logger) : logger.log.bind(logger);
      write?.(
        {
          msg: 'request',
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 100) / 100,
          requestId: requestIdOf(req),
        },
        'http',
      );
    });
    next();
  };
}
