import { hash } from 'node:crypto';

/** One list item of a catalog document, as bytes of the original text. */
export interface ItemChunk {
  index: number;
  /** Byte range [start, end) in the document, whole lines. */
  start: number;
  end: number;
  /** 1-based line of the item's first line. */
  line: number;
  /** SHA-1 of the item's bytes: a cache key only, never a content hash. */
  rawHash: string;
}

/** Top-level lines before the item list (e.g. `source: Hugging Face`). */
export interface HeaderLine {
  line: number;
  start: number;
  end: number;
}

export interface CatalogItemChunks {
  /** 1-based line of `itemsKey:`. */
  itemsKeyLine: number;
  header: HeaderLine[];
  chunks: ItemChunk[];
}

const SPACE = 0x20;
const TAB = 0x09;
const NL = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;

/**
 * Splits a block-style catalog document into its list items without parsing YAML, so a refresh
 * can skip items whose bytes did not change. In valid YAML a line starting with the list's
 * indentation and `- ` can only open the next item (block scalars, multi-line strings and
 * comments of an item are indented deeper), so item starts are found with a byte search.
 * Anything after the list lands in the last item, whose parse then asks for the whole document.
 * Returns undefined for any prologue it does not fully understand (flow style, directives,
 * tabs, no block list under the key, …); the caller then parses the whole document.
 */
export function splitCatalogItems(buf: Buffer, itemsKey: string): CatalogItemChunks | undefined {
  const keyBytes = Buffer.from(`${itemsKey}:`);
  const header: HeaderLine[] = [];
  let itemsKeyLine = 0;
  let lineNo = 0;
  let pos = 0;
  const len = buf.length;
  let sawDocStart = false;
  let inHeaderEntry = false;

  // Prologue: top-level lines up to the first item, scanned line by line.
  let firstItem = -1;
  let indent = 0;
  while (pos < len && firstItem === -1) {
    lineNo++;
    let eol = buf.indexOf(NL, pos);
    if (eol === -1) eol = len;
    const next = eol < len ? eol + 1 : len;
    indent = 0;
    while (pos + indent < eol && buf[pos + indent] === SPACE) indent++;
    const first = pos + indent < eol ? buf[pos + indent] : -1;
    if (first === TAB) return undefined;
    const blank = first === -1 || first === CR;
    if (blank || first === HASH) {
      // nothing
    } else if (itemsKeyLine > 0) {
      if (first !== DASH || !isDashEntry(buf, pos + indent, eol)) return undefined; // flow, scalar or map value
      firstItem = pos;
      break;
    } else if (indent > 0) {
      if (!inHeaderEntry) return undefined;
      header[header.length - 1].end = next;
    } else if (isMarker(buf, pos, eol, '---')) {
      if (sawDocStart || header.length > 0) return undefined;
      sawDocStart = true;
    } else if (
      first === 0x25 /* % */ ||
      first === 0x7b /* { */ ||
      first === 0x5b /* [ */ ||
      first === DASH ||
      isMarker(buf, pos, eol, '...')
    ) {
      return undefined;
    } else if (startsWithKey(buf, pos, eol, keyBytes)) {
      itemsKeyLine = lineNo;
      inHeaderEntry = false;
    } else {
      header.push({ line: lineNo, start: pos, end: next });
      inHeaderEntry = true;
    }
    pos = next;
  }
  if (firstItem === -1) return undefined;

  // Items: every "\n" + indentation + "- " starts the next one.
  const pattern = Buffer.from(`\n${' '.repeat(indent)}-`);
  const starts = [firstItem];
  let from = firstItem;
  for (;;) {
    const at = buf.indexOf(pattern, from);
    if (at === -1) break;
    const dash = at + pattern.length - 1;
    if (isDashEntry(buf, dash, dash + 2 > len ? len : dash + 2)) starts.push(at + 1);
    from = at + 1;
  }
  const chunks: ItemChunk[] = new Array<ItemChunk>(starts.length);
  let line = lineNo;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    const end = k + 1 < starts.length ? starts[k + 1] : len;
    chunks[k] = {
      index: k,
      start,
      end,
      line,
      rawHash: hash('sha1', buf.subarray(start, end), 'base64'),
    };
    line += countNewlines(buf, start, end);
  }
  return { itemsKeyLine, header, chunks };
}

function countNewlines(buf: Buffer, start: number, end: number): number {
  let n = 0;
  let i = buf.indexOf(NL, start);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(NL, i + 1);
  }
  return n;
}

/** `-` followed by a space or the end of the line. */
function isDashEntry(buf: Buffer, at: number, eol: number): boolean {
  const after = at + 1;
  return (
    after >= eol ||
    after >= buf.length ||
    buf[after] === SPACE ||
    buf[after] === CR ||
    buf[after] === NL
  );
}

function isMarker(buf: Buffer, pos: number, eol: number, marker: string): boolean {
  if (eol - pos < 3 || buf.toString('latin1', pos, pos + 3) !== marker) return false;
  const rest = pos + 3;
  return rest >= eol || buf[rest] === SPACE || buf[rest] === CR;
}

/** `key:` followed by nothing but spaces and an optional comment. */
function startsWithKey(buf: Buffer, pos: number, eol: number, key: Buffer): boolean {
  if (eol - pos < key.length || !buf.subarray(pos, pos + key.length).equals(key)) return false;
  let i = pos + key.length;
  while (i < eol && buf[i] === SPACE) i++;
  return i >= eol || buf[i] === HASH || buf[i] === CR;
}
