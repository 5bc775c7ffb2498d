import type { ErrorDetail, ValidationReport } from '../api/api-types';
import { detailLine } from '../output/reports';

/**
 * The comment lines the CLI puts at the top of a re-opened edit. They carry a fixed prefix so
 * that exactly these lines are removed again: the content's own leading comments must survive.
 */
export const HEADER_PREFIX = '# catalogctl:';

/** The content with the validation errors as comment lines on top. */
export function withErrorHeader(content: string, report: ValidationReport): string {
  const problems: string[] = [];
  for (const layer of report.layerResults) {
    for (const e of layer.errors) problems.push(`${layer.layer}: error  ${detailLine(e)}`);
    for (const w of layer.warnings) problems.push(`${layer.layer}: warning  ${detailLine(w)}`);
  }
  const counted = new Set(
    report.layerResults.flatMap((l) => [...l.errors, ...l.warnings]).map(key),
  );
  for (const e of report.errors.filter((d) => !counted.has(key(d))))
    problems.push(`error  ${detailLine(e)}`);
  const errors = report.errors.length;
  const header = [
    `This edit is invalid (${errors} error${errors === 1 ? '' : 's'}) and was not applied.`,
    'Fix it and save to try again; save it unchanged, or empty the file, to cancel.',
    `Lines starting with "${HEADER_PREFIX}" are removed before validating;`,
    'line numbers count from the first line below them.',
    ...problems,
  ];
  return header.map((l) => `${HEADER_PREFIX} ${l}\n`).join('') + content;
}

/** Removes the leading `# catalogctl:` lines (and only those). */
export function stripErrorHeader(text: string): string {
  let rest = text;
  for (;;) {
    if (!rest.startsWith(HEADER_PREFIX)) return rest;
    const newline = rest.indexOf('\n');
    if (newline < 0) return '';
    rest = rest.slice(newline + 1);
  }
}

function key(detail: ErrorDetail): string {
  return JSON.stringify(detail);
}
