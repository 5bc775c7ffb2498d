import { dump } from 'js-yaml';
import type { Terminal } from '../terminal';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * Prints a command's result: the server's response as-is for `-o json|yaml` (machines), or the
 * human rendering for `-o table`. JSON is the response body unchanged, so it is as stable as the
 * API: same state, same bytes.
 */
export function printResult(
  terminal: Terminal,
  format: OutputFormat,
  data: unknown,
  human: () => string,
): void {
  terminal.out(formatData(format, data) ?? human());
}

/** The machine rendering of `data`, or undefined for table mode. */
export function formatData(format: OutputFormat, data: unknown): string | undefined {
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  if (format === 'yaml') return dump(data, { noRefs: true, lineWidth: -1 });
  return undefined;
}

/** A YAML rendering of a value for humans (e.g. a source entry), indented under a heading. */
export function indentedYaml(value: unknown, indent = '  '): string {
  return dump(value, { noRefs: true, lineWidth: -1 })
    .trimEnd()
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}
