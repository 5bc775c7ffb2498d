import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, YAMLException, load } from 'js-yaml';
import { RefusedError, UsageError } from '../errors/cli-errors';

/** Reads a file given on the command line (`-` is stdin), exactly as its bytes decode. */
export function readInputFile(path: string, flag: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new UsageError(`cannot read ${flag} ${path}: ${reason}`);
  }
}

/**
 * Reads a source entry (`--source-file`) as YAML (JSON is YAML too). The server checks its
 * fields; here it only has to be a mapping we can send.
 */
export function readSourceFile(path: string): Record<string, unknown> {
  const text = readInputFile(path, '--source-file');
  let value: unknown;
  try {
    // The core schema, as on the server: `2025-01-20` stays a string, not a Date.
    value = load(text, { schema: CORE_SCHEMA });
  } catch (err) {
    if (err instanceof YAMLException) {
      const where = err.mark ? ` at line ${err.mark.line + 1}, column ${err.mark.column + 1}` : '';
      throw new RefusedError(`--source-file ${path} is not valid YAML${where}: ${err.reason}`);
    }
    throw err;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RefusedError(
      `--source-file ${path} must hold one source entry (a mapping with id, name, type, …)`,
    );
  }
  return value as Record<string, unknown>;
}
