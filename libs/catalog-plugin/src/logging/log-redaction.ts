import { redactSensitive } from '../security/sensitive-redaction';

/** Log records go through the same redaction as API responses. */
export function redactLogValue(value: unknown): unknown {
  return redactSensitive(value);
}
