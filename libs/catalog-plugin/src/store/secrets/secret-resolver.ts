import { inspect } from 'node:util';
import type { SecretRef } from '../../config/sources-config';
import { NotFoundError } from '../../errors/catalog-errors';
import { REDACTED } from '../../security/sensitive-redaction';

/** DI token of the SecretResolver chosen at boot (Kubernetes Secrets, or files in dev mode). */
export const SECRET_RESOLVER = Symbol('SECRET_RESOLVER');

/**
 * A resolved secret. The value is only reachable through `reveal()`: logging, `JSON.stringify`,
 * string interpolation and `util.inspect` all print REDACTED, so a value that slips into a log
 * record, an error or an API response cannot leak.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. Use it for the outgoing request that needs it, never store it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `SecretValue(${REDACTED})`;
  }
}

/**
 * Resolves a SecretRef `{ name, namespace?, key }` at refresh time. Implementations never cache,
 * persist or log values; errors name the reference, never the value.
 */
export interface SecretResolver {
  readonly kind: 'k8s' | 'file' | 'none';
  resolve(ref: SecretRef): Promise<SecretValue>;
}

/** The referenced Secret (or key in it) does not exist. */
export class SecretNotFoundError extends NotFoundError {
  constructor(
    readonly ref: SecretRef,
    reason: string,
  ) {
    super(`secret ${describeSecretRef(ref)} cannot be resolved: ${reason}`);
  }
}

/** `namespace/name[key]`, for messages (never includes the value). */
export function describeSecretRef(ref: SecretRef): string {
  return `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}[${ref.key}]`;
}
