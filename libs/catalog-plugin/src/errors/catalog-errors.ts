/**
 * Typed domain errors. Services throw these; one exception filter maps them to HTTP,
 * so no service needs to know about status codes.
 */
export interface ErrorDetail {
  field?: string;
  message: string;
  line?: number;
  column?: number;
}

export abstract class CatalogError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
  readonly details: ErrorDetail[];
  /** Extra response fields (e.g. the current revision on a conflict). */
  readonly extra: Record<string, unknown>;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string>;

  constructor(
    message: string,
    details: ErrorDetail[] = [],
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.details = details;
    this.extra = extra;
    this.headers = headers;
  }
}

export class InvalidArgumentError extends CatalogError {
  readonly code = 'INVALID_ARGUMENT';
  readonly httpStatus = 400;
}

export class NotFoundError extends CatalogError {
  readonly code = 'NOT_FOUND';
  readonly httpStatus = 404;
}

export class ConflictError extends CatalogError {
  readonly code = 'CONFLICT';
  readonly httpStatus = 409;
}

export class ReadOnlyStoreError extends CatalogError {
  readonly code = 'READ_ONLY';
  readonly httpStatus = 409;
}

export class PayloadTooLargeError extends CatalogError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly httpStatus = 413;
}

export class ValidationFailedError extends CatalogError {
  readonly code = 'VALIDATION_FAILED';
  readonly httpStatus = 422;
}

export class PreconditionRequiredError extends CatalogError {
  readonly code = 'CONFIRMATION_REQUIRED';
  readonly httpStatus = 428;
}

export class RateLimitedError extends CatalogError {
  readonly code = 'RATE_LIMITED';
  readonly httpStatus = 429;
}

export class UnauthenticatedError extends CatalogError {
  readonly code = 'UNAUTHENTICATED';
  readonly httpStatus = 401;
}

export class PermissionDeniedError extends CatalogError {
  readonly code = 'PERMISSION_DENIED';
  readonly httpStatus = 403;
}

export class ServiceUnavailableError extends CatalogError {
  readonly code = 'UNAVAILABLE';
  readonly httpStatus = 503;
}

/** Formats details into one readable line, e.g. for boot errors printed to stderr. */
export function formatErrorDetails(details: readonly ErrorDetail[]): string {
  return details
    .map((d) => {
      const where =
        d.line !== undefined
          ? ` at line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ''}`
          : '';
      return `${d.field ?? '(document)'}${where}: ${d.message}`;
    })
    .join('\n');
}
