import type { ErrorBody } from './api-types';

/** The server answered with a 4xx/5xx; `body` is its error shape (synthesized if it sent none). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** Seconds from the Retry-After header, when present. */
    readonly retryAfterSeconds?: number,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.code;
  }
}

/** The request never got an HTTP answer: connection refused, DNS failure, TLS error, timeout. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The server answered, but not with the JSON the API promises (e.g. a proxy's HTML page). */
export class UnexpectedResponseError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UnexpectedResponseError';
  }
}
