import { ApiException } from '@kubernetes/client-node';

/** The parts of a failed Kubernetes API call the store acts on (from the `Status` body). */
export interface KubeApiFailure {
  code: number;
  /** `Status.reason`, e.g. NotFound, AlreadyExists, Conflict, Invalid. */
  reason?: string;
  message?: string;
}

/**
 * Reads a failed call's HTTP code and `Status` body. Returns undefined for errors that are not
 * API answers (connection refused, DNS, TLS), which callers treat as "API unavailable".
 */
export function kubeApiFailure(err: unknown): KubeApiFailure | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const code = (err as ApiException<unknown>).code;
  const body: unknown = (err as ApiException<unknown>).body;
  let status: { reason?: unknown; message?: unknown } = {};
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body) as typeof status;
    } catch {
      status = {};
    }
  } else if (body && typeof body === 'object') {
    status = body as typeof status;
  }
  return {
    code,
    reason: typeof status.reason === 'string' ? status.reason : undefined,
    message: typeof status.message === 'string' ? status.message : undefined,
  };
}

export function isKubeApiCode(err: unknown, code: number): boolean {
  return kubeApiFailure(err)?.code === code;
}
