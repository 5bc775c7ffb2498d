import { dump } from 'js-yaml';
import { withSortedKeys } from '../config/ordering';
import {
  CatalogSectionConfig,
  SOURCES_API_VERSION,
  SOURCES_KIND,
  SourceConfig,
  SourcesDocument,
} from '../config/sources-config';
import { SourcesConfigError, parseSourcesDocument } from '../config/sources-document.parser';
import { cloneEntry, clonePlain } from './source-change';
import { assertDocumentSize } from './store-limits';
import { YamlMapNode, YamlNode, YamlSeqNode, mapGet, parseYamlNodeTree } from './yaml-node-tree';

/** One change to one source entry of a sources.yaml document. */
export type SourceEntryEdit =
  /** Adds the entry, or replaces the entry with the same id (the whole entry, as given). */
  | { kind: 'upsert'; configKey: string; source: SourceConfig }
  /** Removes the entry with this id (a no-op if absent). */
  | { kind: 'remove'; configKey: string; sourceId: string };

/**
 * How the new text was produced: `keys` changed only the entry's changed fields, `entry` rewrote
 * the whole entry, `document` re-serialized the document (comments and formatting lost). The first
 * two keep every other byte of the file as it was.
 */
export type EditStrategy = 'keys' | 'entry' | 'document';

export interface EditedSourcesDocument {
  text: string;
  /** The parsed new document (what `parseSourcesDocument(text)` returns). */
  document: SourcesDocument;
  strategy: EditStrategy;
  /** False when the edit changed nothing. */
  changed: boolean;
}

/** Canonical field order of a rendered source entry. */
const ENTRY_KEY_ORDER = [
  'id',
  'name',
  'type',
  'enabled',
  'labels',
  'properties',
  'includedItems',
  'excludedItems',
];

/**
 * Applies one entry edit to a sources.yaml text and returns the new text. It splices the change
 * into the original text (comments, blank lines, other entries and key order stay as written),
 * verifies that the spliced text parses to exactly the intended document, and falls back to
 * rewriting the whole entry, then to re-serializing the document, when a splice cannot be verified
 * (unusual layouts: flow collections, anchors, odd indentation). The result always re-parses to the
 * intended document; an invalid intended entry throws SourcesConfigError (422), a result over
 * 1 MiB PayloadTooLargeError (413).
 */
export function editSourcesDocument(
  text: string,
  origin: string,
  edit: SourceEntryEdit,
): EditedSourcesDocument {
  const before = parseSourcesDocument(text, origin);
  const intended = applyEdit(before, edit);
  if (sameDocument(before, intended)) {
    return { text, document: before, strategy: 'keys', changed: false };
  }
  const splicer = new SourcesTextSplicer(text, before, edit);
  const attempts: Array<[EditStrategy, () => string | undefined]> = [
    ['keys', () => splicer.byKeys()],
    ['entry', () => splicer.byEntry()],
  ];
  for (const [strategy, attempt] of attempts) {
    let candidate: string | undefined;
    try {
      candidate = attempt();
    } catch {
      continue; // an unexpected layout: try the next strategy
    }
    if (candidate === undefined) continue;
    assertDocumentSize(candidate, `sources file ${origin}`);
    const parsed = tryParse(candidate, origin);
    if (parsed && sameDocument(parsed, intended)) {
      return { text: candidate, document: parsed, strategy, changed: true };
    }
  }
  const rendered = renderSourcesDocument(intended);
  assertDocumentSize(rendered, `sources file ${origin}`);
  // Throws SourcesConfigError when the intended entry itself is invalid.
  const parsed = parseSourcesDocument(rendered, origin);
  if (!sameDocument(parsed, intended)) {
    throw new Error(
      `internal error: re-serialized ${origin} does not parse back to the intended document`,
    );
  }
  return { text: rendered, document: parsed, strategy: 'document', changed: true };
}

/** Serializes a whole sources document (used for new documents and as the last-resort fallback). */
export function renderSourcesDocument(document: SourcesDocument): string {
  const ordered: SourcesDocument = {
    apiVersion: document.apiVersion,
    kind: document.kind,
    ...(document.catalogs !== undefined ? { catalogs: orderCatalogs(document.catalogs) } : {}),
  };
  return dump(ordered, { lineWidth: -1, noRefs: true });
}

/** A new, empty sources document text. */
export function emptySourcesDocumentText(): string {
  return renderSourcesDocument({
    apiVersion: SOURCES_API_VERSION,
    kind: SOURCES_KIND,
    catalogs: {},
  });
}

/** The entry with this id in a document section, as written. */
export function findSourceEntry(
  document: SourcesDocument,
  configKey: string,
  sourceId: string,
): SourceConfig | undefined {
  return (document.catalogs?.[configKey]?.sources ?? []).find((s) => s.id === sourceId);
}

/** True when both documents mean the same (key order, null vs empty lists ignored). */
export function sameDocument(a: SourcesDocument, b: SourcesDocument): boolean {
  return JSON.stringify(normalizeDocument(a)) === JSON.stringify(normalizeDocument(b));
}

function applyEdit(document: SourcesDocument, edit: SourceEntryEdit): SourcesDocument {
  const next = clonePlain(document);
  const catalogs = (next.catalogs ??= {});
  const section: CatalogSectionConfig = (catalogs[edit.configKey] ??= {});
  const sources = [...(section.sources ?? [])];
  if (edit.kind === 'upsert') {
    const entry = orderEntry(edit.source);
    const index = sources.findIndex((s) => s.id === edit.source.id);
    if (index >= 0) sources[index] = entry;
    else sources.push(entry);
  } else {
    const index = sources.findIndex((s) => s.id === edit.sourceId);
    if (index >= 0) sources.splice(index, 1);
  }
  section.sources = sources;
  return next;
}

function orderEntry(source: SourceConfig): SourceConfig {
  const copy = cloneEntry(source) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ENTRY_KEY_ORDER) if (key in copy) out[key] = copy[key];
  for (const key of Object.keys(copy)) if (!(key in out)) out[key] = copy[key];
  return out as unknown as SourceConfig;
}

function orderCatalogs(
  catalogs: NonNullable<SourcesDocument['catalogs']>,
): SourcesDocument['catalogs'] {
  const out: Record<string, CatalogSectionConfig> = {};
  for (const [key, section] of Object.entries(catalogs)) {
    if (!section) {
      out[key] = {};
      continue;
    }
    const ordered: CatalogSectionConfig = {};
    if (section.labels) ordered.labels = section.labels;
    if (section.namedQueries) ordered.namedQueries = section.namedQueries;
    if (section.sources) ordered.sources = section.sources.map(orderEntry);
    out[key] = ordered;
  }
  return out;
}

function normalizeDocument(document: SourcesDocument): unknown {
  const catalogs: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(document.catalogs ?? {})) {
    const s: Record<string, unknown> = {};
    if (section?.sources?.length) s.sources = section.sources;
    if (section?.labels?.length) s.labels = section.labels;
    if (section?.namedQueries && Object.keys(section.namedQueries).length)
      s.namedQueries = section.namedQueries;
    catalogs[key] = s;
  }
  return withSortedKeys({ apiVersion: document.apiVersion, kind: document.kind, catalogs });
}

function tryParse(text: string, origin: string): SourcesDocument | undefined {
  try {
    return parseSourcesDocument(text, origin);
  } catch (err) {
    if (err instanceof SourcesConfigError) return undefined;
    throw err;
  }
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Computes the text splices for one edit; every method returns undefined when its layout assumptions do not hold. */
class SourcesTextSplicer {
  private readonly root: YamlNode | null;
  private readonly eol: string;

  constructor(
    private readonly text: string,
    private readonly before: SourcesDocument,
    private readonly edit: SourceEntryEdit,
  ) {
    this.root = parseYamlNodeTree(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** Changes only the top-level fields of the entry that differ; everything else keeps its bytes. */
  byKeys(): string | undefined {
    if (this.edit.kind !== 'upsert') return this.byEntry();
    const located = this.locateEntry(this.edit.source.id);
    if (!located) return this.byEntry(); // a new entry: nothing to diff against
    const { node } = located;
    if (node.kind !== 'map' || node.flow || node.pairs.length === 0) return undefined;
    const old = findSourceEntry(
      this.before,
      this.edit.configKey,
      this.edit.source.id,
    ) as unknown as Record<string, unknown>;
    const next = orderEntry(this.edit.source) as unknown as Record<string, unknown>;
    const splices: Splice[] = [];
    for (const pair of node.pairs) {
      if (pair.key.kind !== 'scalar') return undefined;
      const key = pair.key.value;
      if (!(key in next)) splices.push(this.removePair(pair.key, pair.value));
      else if (!sameValue(old[key], next[key]))
        splices.push(this.replacePair(pair.key, pair.value, key, next[key]));
    }
    // New keys go before the next existing key in canonical order (else at the end), so a
    // restored `labels` lands where it was rather than after `properties`.
    const order = Object.keys(next);
    const groups = new Map<string, Record<string, unknown>>();
    for (const [i, key] of order.entries()) {
      if (key in old) continue;
      const anchor = order.slice(i + 1).find((k) => k in old) ?? '';
      groups.set(anchor, { ...(groups.get(anchor) ?? {}), [key]: next[key] });
    }
    for (const [anchor, added] of groups) {
      const pair = anchor
        ? node.pairs.find((p) => p.key.kind === 'scalar' && p.key.value === anchor)
        : undefined;
      splices.push(pair ? this.insertBeforePair(pair.key, added) : this.insertIntoMap(node, added));
    }
    return this.apply(splices);
  }

  /** Rewrites the whole entry (or adds/removes it), keeping the rest of the document. */
  byEntry(): string | undefined {
    const sourceId = this.edit.kind === 'upsert' ? this.edit.source.id : this.edit.sourceId;
    const located = this.locateEntry(sourceId);
    if (this.edit.kind === 'remove') {
      if (!located) return undefined;
      if (located.seq.items.length === 1) {
        // Removing the last entry: leave an explicit empty list, not a dangling `sources:`.
        return this.setSectionSources([]);
      }
      return this.apply([{ ...this.itemRange(located.node), text: '' }]);
    }
    const entry = orderEntry(this.edit.source);
    if (located) {
      const range = this.itemRange(located.node);
      return this.apply([
        { ...range, text: this.renderLines(dump([entry], DUMP_OPTIONS), range.column, true) },
      ]);
    }
    const sources = this.sectionSources();
    if (sources && sources.kind === 'seq' && !sources.flow && sources.items.length > 0) {
      const last = sources.items[sources.items.length - 1];
      const { column } = this.itemRange(last);
      const at = this.afterLineEnd(last.end);
      return this.apply([
        {
          start: at,
          end: at,
          text: this.leadingBreak(at) + this.renderLines(dump([entry], DUMP_OPTIONS), column, true),
        },
      ]);
    }
    const existing = findSourceEntry(this.before, this.edit.configKey, sourceId);
    const list = [...(this.before.catalogs?.[this.edit.configKey]?.sources ?? [])].filter(
      (s) => s !== existing,
    );
    return this.setSectionSources([...list, entry]);
  }

  /** Sets `catalogs.<key>.sources`, creating the section (or `catalogs`) when needed. */
  private setSectionSources(sources: SourceConfig[]): string | undefined {
    const configKey = this.edit.configKey;
    const catalogsPair = mapGet(this.root, 'catalogs');
    const sectionPair = mapGet(catalogsPair?.value, configKey);
    const section = sectionPair?.value;
    if (section && section.kind === 'map' && !section.flow && section.pairs.length > 0) {
      const pair = mapGet(section, 'sources');
      return this.apply([
        pair
          ? this.replacePair(pair.key, pair.value, 'sources', sources)
          : this.insertIntoMap(section, { sources }),
      ]);
    }
    const sectionValue: CatalogSectionConfig = {
      ...(this.before.catalogs?.[configKey] ?? {}),
      sources,
    };
    const catalogs = catalogsPair?.value;
    if (catalogs && catalogs.kind === 'map' && !catalogs.flow && catalogs.pairs.length > 0) {
      return this.apply([
        sectionPair
          ? this.replacePair(sectionPair.key, sectionPair.value, configKey, sectionValue)
          : this.insertIntoMap(catalogs, { [configKey]: sectionValue }),
      ]);
    }
    const root = this.root;
    if (!root || root.kind !== 'map' || root.flow) return undefined;
    const allCatalogs = { ...(this.before.catalogs ?? {}), [configKey]: sectionValue };
    return this.apply([
      catalogsPair
        ? this.replacePair(catalogsPair.key, catalogsPair.value, 'catalogs', allCatalogs)
        : this.insertIntoMap(root, { catalogs: allCatalogs }),
    ]);
  }

  private sectionSources(): YamlNode | undefined {
    return mapGet(
      mapGet(mapGet(this.root, 'catalogs')?.value, this.edit.configKey)?.value,
      'sources',
    )?.value;
  }

  private locateEntry(sourceId: string): { seq: YamlSeqNode; node: YamlNode } | undefined {
    const seq = this.sectionSources();
    if (!seq || seq.kind !== 'seq' || seq.flow) return undefined;
    const node = seq.items.find(
      (item) =>
        mapGet(item, 'id')?.value.kind === 'scalar' &&
        (mapGet(item, 'id')!.value as { value: string }).value === sourceId,
    );
    return node ? { seq, node } : undefined;
  }

  /** From the start of the item's `-` line to the end of the line holding its last character. */
  private itemRange(item: YamlNode): { start: number; end: number; column: number } {
    let dash = item.start - 1;
    while (dash >= 0 && /\s/.test(this.text[dash])) dash--;
    if (this.text[dash] !== '-') throw new Error('not a block sequence item');
    const lineStart = this.lineStart(dash);
    if (!/^[ ]*$/.test(this.text.slice(lineStart, dash))) throw new Error('item shares its line');
    return { start: lineStart, end: this.afterLineEnd(item.end), column: dash - lineStart };
  }

  private replacePair(key: YamlNode, value: YamlNode, name: string, next: unknown): Splice {
    const { start, column, ownLine } = this.keyStart(key);
    return {
      start,
      end: this.afterLineEnd(value.end),
      text: this.renderLines(dump({ [name]: next }, DUMP_OPTIONS), column, ownLine),
    };
  }

  private removePair(key: YamlNode, value: YamlNode): Splice {
    const { start, ownLine } = this.keyStart(key);
    if (!ownLine) throw new Error('cannot remove the first key of an item in place');
    return { start, end: this.afterLineEnd(value.end), text: '' };
  }

  private insertIntoMap(map: YamlMapNode, pairs: Record<string, unknown>): Splice {
    const { column } = this.keyStart(map.pairs[0].key);
    const at = this.afterLineEnd(map.end);
    return {
      start: at,
      end: at,
      text: this.leadingBreak(at) + this.renderLines(dump(pairs, DUMP_OPTIONS), column, true),
    };
  }

  private insertBeforePair(key: YamlNode, pairs: Record<string, unknown>): Splice {
    const { start, column, ownLine } = this.keyStart(key);
    if (!ownLine) throw new Error('cannot insert before the first key of an item');
    return { start, end: start, text: this.renderLines(dump(pairs, DUMP_OPTIONS), column, true) };
  }

  /** Where a key's line begins, its column, and whether it starts its own line (not after `- `). */
  private keyStart(key: YamlNode): { start: number; column: number; ownLine: boolean } {
    const lineStart = this.lineStart(key.start);
    const ownLine = /^[ ]*$/.test(this.text.slice(lineStart, key.start));
    return { start: ownLine ? lineStart : key.start, column: key.start - lineStart, ownLine };
  }

  private renderLines(rendered: string, column: number, indentFirst: boolean): string {
    const pad = ' '.repeat(column);
    // A document-end marker (after a keep-chomped block scalar) cannot sit inside a document.
    const lines = rendered
      .replace(/\n$/, '')
      .replace(/\n\.\.\.$/, '')
      .split('\n');
    return lines
      .map((line, i) => (line === '' || (i === 0 && !indentFirst) ? line : pad + line) + this.eol)
      .join('');
  }

  private leadingBreak(at: number): string {
    return at > 0 && this.text[at - 1] !== '\n' ? this.eol : '';
  }

  private lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  private afterLineEnd(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    return nl < 0 ? this.text.length : nl + 1;
  }

  private apply(splices: Splice[]): string {
    const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = this.text;
    let limit = Infinity;
    for (const s of sorted) {
      if (s.end > limit) throw new Error('overlapping splices');
      out = out.slice(0, s.start) + s.text + out.slice(s.end);
      limit = s.start;
    }
    return out;
  }
}

const DUMP_OPTIONS = { lineWidth: -1, noRefs: true } as const;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(withSortedKeys(a)) === JSON.stringify(withSortedKeys(b));
}
