export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
  /**
   * Free text (names, descriptions, errors) that may be cut with an ellipsis to fit the width.
   * Other columns (ids, counts) are cut only when shrinking the free text was not enough.
   */
  shrink?: boolean;
}

const GAP = '  ';
const ELLIPSIS = '…';
/** A column is never cut below this many characters (or its header, if shorter). */
const MIN_CELL = 5;

/**
 * Renders rows as aligned columns (upper-case headers, two spaces between columns) no wider than
 * `width`, cutting cells with an ellipsis where needed. Trailing spaces are trimmed.
 */
export function renderTable<T>(columns: Column<T>[], rows: T[], width: number): string {
  const cells = rows.map((row) => columns.map((c) => oneLine(c.value(row))));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(length(h), ...cells.map((r) => length(r[i]))));
  fitWidths(widths, columns, headers, width);
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(cut(v, widths[i]), widths[i], columns[i].align ?? 'left'))
      .join(GAP)
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

function fitWidths<T>(widths: number[], columns: Column<T>[], headers: string[], width: number) {
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  const floor = (i: number) => Math.min(widths[i], Math.max(MIN_CELL, length(headers[i])));
  // Free-text columns first, then everything: always take from the currently widest column.
  for (const eligible of [(i: number) => columns[i].shrink === true, () => true]) {
    while (total() > width) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        if (eligible(i) && widths[i] > floor(i) && (widest < 0 || widths[i] > widths[widest]))
          widest = i;
      }
      if (widest < 0) break;
      widths[widest]--;
    }
  }
}

/** Tables are one line per row: newlines and tabs in values become spaces. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ');
}

/** Length in code points, so a multi-byte character counts once. */
function length(value: string): number {
  return Array.from(value).length;
}

function cut(value: string, width: number): string {
  const chars = Array.from(value);
  return chars.length <= width ? value : chars.slice(0, width - 1).join('') + ELLIPSIS;
}

function pad(value: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - length(value)));
  return align === 'right' ? fill + value : value + fill;
}

/** `Key:  value` lines with the values aligned, for single objects in table mode. */
export function renderFields(fields: Array<[string, string]>): string {
  const keyWidth = Math.max(...fields.map(([k]) => length(k))) + 1;
  return (
    fields.map(([k, v]) => `${pad(`${k}:`, keyWidth, 'left')}  ${v}`.trimEnd()).join('\n') + '\n'
  );
}
