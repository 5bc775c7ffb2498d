import type {
  DiffSummary,
  ErrorDetail,
  PartialRefreshResult,
  PluginRefreshResult,
  RefreshResult,
  ValidationReport,
} from '../api/api-types';
import { duration } from './human-time';
import { Column, renderTable } from './table';

/** How many entity names of each kind a diff summary lists before "… and N more". */
const NAMES_SHOWN = 5;

/** `line 2:5  mcpservers[0].serverUrl: required field is missing` */
export function detailLine(detail: ErrorDetail): string {
  const where =
    detail.line !== undefined
      ? `line ${detail.line}${detail.column !== undefined ? `:${detail.column}` : ''}  `
      : '';
  const field = detail.field ? `${detail.field}: ` : '';
  return `${where}${field}${detail.message}`;
}

/** Errors and warnings with their line numbers, grouped by validation layer in pipeline order. */
export function renderValidationReport(report: ValidationReport, withTotals = true): string {
  const out: string[] = [];
  const e = report.errors.length;
  const w = report.warnings.length;
  if (withTotals) {
    out.push(
      `${report.valid ? 'Valid' : 'Invalid'}: ${plural(e, 'error')}, ${plural(w, 'warning')}.`,
      '',
    );
  }
  const layerWidth = Math.max(...report.layerResults.map((l) => l.layer.length), 0);
  const shown = new Set<string>();
  for (const layer of report.layerResults) {
    const reason = layer.reason ? `  ${layer.reason}` : '';
    out.push(`  ${layer.layer.padEnd(layerWidth)}  ${layer.status}${reason}`);
    for (const d of layer.errors) out.push(`    error    ${detailLine(d)}`);
    for (const d of layer.warnings) out.push(`    warning  ${detailLine(d)}`);
    [...layer.errors, ...layer.warnings].forEach((d) => shown.add(JSON.stringify(d)));
  }
  // Problems found outside the pipeline's layers (e.g. a redacted placeholder with nothing to
  // restore) are in the totals but in no layer: list them too, so every counted one is shown.
  const other = [
    ...report.errors.map((d) => ['error   ', d] as const),
    ...report.warnings.map((d) => ['warning ', d] as const),
  ].filter(([, d]) => !shown.has(JSON.stringify(d)));
  if (other.length) {
    out.push(`  ${'other'.padEnd(layerWidth)}  failed`);
    for (const [kind, d] of other) out.push(`    ${kind} ${detailLine(d)}`);
  }
  return out.join('\n') + '\n';
}

export function renderDiffSummary(diff: DiffSummary): string {
  const out = [`Diff: +${diff.linesAdded} -${diff.linesRemoved} lines`];
  const keys = diff.configKeys;
  const keyParts = [
    keys.added.length ? `added ${keys.added.join(', ')}` : '',
    keys.changed.length ? `changed ${keys.changed.join(', ')}` : '',
    keys.removed.length ? `removed ${keys.removed.join(', ')}` : '',
  ].filter(Boolean);
  out.push(`  config:   ${keyParts.length ? keyParts.join('; ') : 'unchanged'}`);
  if (diff.entities) {
    const en = diff.entities;
    out.push(
      `  entities: ${en.added} added, ${en.changed} changed, ${en.removed} removed, ${en.unchanged} unchanged`,
    );
    out.push(...names('+', en.names.added, en.added));
    out.push(...names('~', en.names.changed, en.changed));
    out.push(...names('-', en.names.removed, en.removed));
  }
  if (diff.critical) out.push(`  critical: ${diff.criticalReasons.join('; ')}`);
  return out.join('\n') + '\n';
}

function names(mark: string, list: string[], total: number): string[] {
  const lines = list.slice(0, NAMES_SHOWN).map((n) => `      ${mark} ${n}`);
  if (total > NAMES_SHOWN) lines.push(`      … and ${total - NAMES_SHOWN} more`);
  return lines;
}

/** `Revision: abc (previous def)` after a change. */
export function renderRevisionLine(applied: string, previous: string | null): string {
  return `Revision: ${applied}${previous ? ` (previous ${previous})` : ''}\n`;
}

/** One line for the refresh an apply, enable, disable or rollback triggered. */
export function renderRefreshLine(result: PartialRefreshResult): string {
  const counts =
    result.entitiesLoaded !== undefined
      ? `${result.entitiesLoaded} loaded (${result.added ?? 0} added, ${result.updated ?? 0} updated, ${result.removed ?? 0} removed)`
      : `${result.removed ?? 0} removed`;
  const time = result.durationMs !== undefined ? ` in ${duration(result.durationMs)}` : '';
  const lines = [`Refresh:  ${result.status}, ${counts}${time}`];
  for (const d of result.errors ?? []) lines.push(`  error  ${detailLine(d)}`);
  return lines.join('\n') + '\n';
}

const REFRESH_COLUMNS: Column<RefreshResult>[] = [
  { header: 'source', value: (r) => r.sourceId, shrink: true },
  { header: 'status', value: (r) => r.status },
  { header: 'loaded', value: (r) => String(r.entitiesLoaded), align: 'right' },
  { header: 'added', value: (r) => String(r.added), align: 'right' },
  { header: 'updated', value: (r) => String(r.updated), align: 'right' },
  { header: 'removed', value: (r) => String(r.removed), align: 'right' },
  { header: 'duration', value: (r) => duration(r.durationMs), align: 'right' },
];

/** The refresh summary table, then the errors of failed sources. */
export function renderRefreshResults(results: RefreshResult[], width: number): string {
  let out = renderTable(REFRESH_COLUMNS, results, width);
  for (const r of results.filter((x) => x.status === 'error')) {
    out += `\n${r.sourceId}: ${r.summary}\n`;
    for (const d of r.errors) out += `  error  ${detailLine(d)}\n`;
  }
  return out;
}

export function renderPluginRefresh(result: PluginRefreshResult, width: number): string {
  const t = result.totals;
  return (
    renderRefreshResults(result.results, width) +
    `\n${plural(t.sources, 'source')} refreshed in ${duration(result.durationMs)}: ` +
    `${t.succeeded} succeeded, ${t.failed} failed.\n` +
    `${plural(t.entitiesLoaded, 'entity')} loaded: ` +
    `${t.added} added, ${t.updated} updated, ${t.removed} removed.\n`
  );
}

export function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}
