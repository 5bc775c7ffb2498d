import type { ErrorDetail } from '../errors/catalog-errors';
import type { ParsedEntity } from '../entity/entity-model';
import { loadYaml, YamlLoadLimits } from '../yaml/yaml-loader';
import { PathLocator, SourcePosition, YamlLocator } from '../yaml/yaml-locator';
import { PathSegment, formatPath } from '../yaml/yaml-path';
import type { CatalogContentFormat } from './catalog-definition';
import { INGEST_YAML_LIMITS, validatorsFor } from './catalog-content-parser';
import type { CatalogItemChunks, ItemChunk } from './catalog-item-chunks';

/** Items per parsed document (see parse()). */
const PARSE_BATCH = 50;

export interface ParsedChunk {
  chunk: ItemChunk;
  entity: ParsedEntity;
}

export interface ChunkParseResult {
  items: ParsedChunk[];
  /** The `name` of every parsed item that has a string name, valid or not (for duplicate checks). */
  names: Map<ItemChunk, string>;
  errors: ErrorDetail[];
  /** An item referred to something outside itself (an alias): parse the whole document instead. */
  needsWholeDocument: boolean;
}

/**
 * Parses and validates selected items of a split catalog document: the items are joined into one
 * small document per call, and every reported line is mapped back to the original text.
 */
export class ChunkedContentParser {
  constructor(
    private readonly format: CatalogContentFormat,
    private readonly limits: YamlLoadLimits = INGEST_YAML_LIMITS,
  ) {}

  /** Validates the top-level entries other than the item list (e.g. the model catalog's `source:`). */
  validateHeader(buf: Buffer, split: CatalogItemChunks): ErrorDetail[] {
    const lines = [...split.header].sort((a, b) => a.line - b.line);
    const text =
      lines.map((h) => terminated(buf.toString('utf8', h.start, h.end))).join('') +
      `${this.format.itemsKey}: []\n`;
    const lineMap: Array<{ miniLine: number; line: number }> = [];
    let mini = 1;
    for (const h of lines) {
      lineMap.push({ miniLine: mini, line: h.line });
      mini += countLines(buf, h.start, h.end);
    }
    const toOriginal = (miniLine: number): number => {
      let best = { miniLine: 1, line: split.itemsKeyLine };
      for (const m of lineMap) if (m.miniLine <= miniLine) best = m;
      return miniLine >= mini ? split.itemsKeyLine : best.line + (miniLine - best.miniLine);
    };
    const loaded = loadYaml(text, this.limits);
    if (!loaded.ok)
      return loaded.errors.map((e) => (e.line ? { ...e, line: toOriginal(e.line) } : e));
    const locator = new YamlLocator(text);
    const mapped: PathLocator = {
      locateKey: (p) => mapPosition(locator.locateKey(p), toOriginal),
      locateValue: (p) => mapPosition(locator.locateValue(p), toOriginal),
    };
    return validatorsFor(this.format).document.validate(loaded.value, mapped);
  }

  parse(buf: Buffer, chunks: readonly ItemChunk[]): ChunkParseResult {
    if (chunks.length > PARSE_BATCH) {
      // Small documents keep the parser's temporary strings and arrays in V8's young
      // generation; large ones land in old space and inflate the heap until a full GC.
      const out: ChunkParseResult = {
        items: [],
        names: new Map(),
        errors: [],
        needsWholeDocument: false,
      };
      for (let i = 0; i < chunks.length; i += PARSE_BATCH) {
        const part = this.parse(buf, chunks.slice(i, i + PARSE_BATCH));
        if (part.needsWholeDocument) return part;
        out.items.push(...part.items);
        out.errors.push(...part.errors);
        for (const [c, n] of part.names) out.names.set(c, n);
      }
      return out;
    }
    if (chunks.length === 0)
      return { items: [], names: new Map(), errors: [], needsWholeDocument: false };
    const texts = chunks.map((c) => terminated(buf.toString('utf8', c.start, c.end)));
    const text = `${this.format.itemsKey}:\n${texts.join('')}`;
    // No aliases here: an item using one may depend on another item's anchor, and a cached
    // item must never depend on anything outside its own bytes. Such documents parse whole.
    const loaded = loadYaml(text, { ...this.limits, maxAliases: 0 });
    if (!loaded.ok) {
      if (loaded.errors.some((e) => /alias/.test(e.message))) {
        return { items: [], names: new Map(), errors: [], needsWholeDocument: true };
      }
      if (chunks.length === 1) {
        const e = loaded.errors[0];
        return {
          items: [],
          names: new Map(),
          errors: [
            {
              ...e,
              line:
                e.line !== undefined ? chunks[0].line + Math.max(0, e.line - 2) : chunks[0].line,
            },
          ],
          needsWholeDocument: false,
        };
      }
      // Find every broken item, not just the first: parse them one by one.
      const out: ChunkParseResult = {
        items: [],
        names: new Map(),
        errors: [],
        needsWholeDocument: false,
      };
      for (const chunk of chunks) {
        const one = this.parse(buf, [chunk]);
        if (one.needsWholeDocument) return one;
        out.items.push(...one.items);
        out.errors.push(...one.errors);
        for (const [c, n] of one.names) out.names.set(c, n);
      }
      return out;
    }
    // Top-level content after the list lands in the last item: only a whole parse is right then.
    const root = loaded.value as Record<string, unknown> | null;
    const list = root?.[this.format.itemsKey];
    if (
      !root ||
      Object.keys(root).length !== 1 ||
      !Array.isArray(list) ||
      list.length !== chunks.length
    ) {
      return { items: [], names: new Map(), errors: [], needsWholeDocument: true };
    }
    const starts: number[] = [];
    let miniLine = 2;
    for (let k = 0; k < chunks.length; k++) {
      starts.push(miniLine);
      miniLine += countLines(buf, chunks[k].start, chunks[k].end);
    }
    let locator: YamlLocator | undefined;
    const { item: itemValidator } = validatorsFor(this.format);
    const result: ChunkParseResult = {
      items: [],
      names: new Map(),
      errors: [],
      needsWholeDocument: false,
    };
    for (let k = 0; k < chunks.length; k++) {
      const chunk = chunks[k];
      const value = list[k];
      const name =
        value && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
      if (typeof name === 'string') result.names.set(chunk, name);
      const basePath: PathSegment[] = [this.format.itemsKey, chunk.index];
      let errors = itemValidator.validate(value, undefined, basePath);
      const positioned = (): PathLocator => {
        locator ??= new YamlLocator(text);
        const toMini = (p: readonly PathSegment[]): PathSegment[] => [
          this.format.itemsKey,
          k,
          ...p.slice(2),
        ];
        const toOriginal = (line: number) => chunk.line + (line - starts[k]);
        return {
          locateKey: (p) => mapPosition(locator!.locateKey(toMini(p)), toOriginal),
          locateValue: (p) => mapPosition(locator!.locateValue(toMini(p)), toOriginal),
        };
      };
      if (errors.length > 0) errors = itemValidator.validate(value, positioned(), basePath);
      else if (this.format.checkItem) {
        for (const problem of this.format.checkItem(value as Record<string, unknown>)) {
          const path = [...basePath, ...problem.path];
          errors.push({
            field: formatPath(path),
            message: problem.message,
            ...positioned().locateValue(path),
          });
        }
      }
      if (errors.length > 0) result.errors.push(...errors);
      else
        result.items.push({
          chunk,
          entity: this.format.toEntity(value as Record<string, unknown>),
        });
    }
    return result;
  }
}

/** Where an item's `name` value is written (only needed to report a duplicate). */
export function locateItemName(buf: Buffer, itemsKey: string, chunk: ItemChunk): SourcePosition {
  const text = `${itemsKey}:\n${terminated(buf.toString('utf8', chunk.start, chunk.end))}`;
  const pos = new YamlLocator(text).locateValue([itemsKey, 0, 'name']);
  return pos
    ? { line: chunk.line + pos.line - 2, column: pos.column }
    : { line: chunk.line, column: 1 };
}

function terminated(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function countLines(buf: Buffer, start: number, end: number): number {
  let n = 0;
  let i = buf.indexOf(0x0a, start);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(0x0a, i + 1);
  }
  return end > start && buf[end - 1] !== 0x0a ? n + 1 : n;
}

function mapPosition(
  pos: SourcePosition | undefined,
  toOriginal: (line: number) => number,
): SourcePosition | undefined {
  return pos ? { line: toOriginal(pos.line), column: pos.column } : undefined;
}
