import { isSecretRef } from '../config/sources-config';

export const REDACTED = '***REDACTED***';

const SENSITIVE_KEY = /password|token|secret|apikey|api_key|credential/i;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/**
 * Returns a copy where every plain value under a sensitive key (at any depth, through maps and
 * lists) is replaced by REDACTED. SecretRef maps `{ name, namespace?, key }` are references, not
 * secrets, and pass unchanged.
 */
export function redactSensitive<T>(value: T): T {
  return redactNode(value, false) as T;
}

function redactNode(value: unknown, underSensitiveKey: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => redactNode(item, underSensitiveKey));
  if (value && typeof value === 'object') {
    if (value instanceof Date) return value;
    if (underSensitiveKey && isSecretRef(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      out[key] = redactNode(child, underSensitiveKey || isSensitiveKey(key));
    }
    return out;
  }
  if (underSensitiveKey && value !== null && value !== undefined && value !== '') return REDACTED;
  return value;
}
