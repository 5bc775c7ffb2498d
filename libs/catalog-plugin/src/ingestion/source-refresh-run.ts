import type { QueryRunner } from 'typeorm';
import type { ErrorDetail } from '../errors/catalog-errors';
import type { EntityModel, ParsedEntity } from '../entity/entity-model';
import { sortByPosition } from '../schema/document-schema-validator';
import type { LoadedSource } from '../config/sources-config';
import type { CatalogDefinition } from './catalog-definition';
import { ChunkedContentParser, locateItemName } from './chunked-content-parser';
import type { CatalogItemChunks, ItemChunk } from './catalog-item-chunks';
import { entityContentHash } from './entity-content-hash';
import type { EntityTableWriter, ExistingEntityRow, HashedEntity } from './entity-table.writer';
import type { CachedItem } from './item-chunk-cache';
import { ItemNameFilter } from './item-name-filter';
import type { SourceEntitiesResult } from './source-content-reader';

/** Distinguishes runs when marking cached items and rows as seen. */
let runGenerations = 0;

/** Items parsed and written per step; parsing the next step overlaps the database writing this one. */
const STEP = 500;

export interface RefreshCounts {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  loaded: number;
}

/** The content is invalid; the transaction must roll back. */
export class ContentRejected extends Error {
  constructor(readonly errors: ErrorDetail[]) {
    super(`content rejected with ${errors.length} errors`);
  }
}

/** An item refers outside itself (YAML alias); only a whole-document parse is correct. */
export class WholeDocumentRequired extends Error {}

/** Applies one source's content to its rows inside the caller's transaction. */
export class SourceRefreshRun {
  private readonly model: EntityModel;
  private readonly filter: ItemNameFilter;
  learned = new Map<string, CachedItem>();
  /** The source's rows after this run's writes (valid once the transaction commits). */
  rowsAfter = new Map<string, ExistingEntityRow>();

  constructor(
    private readonly runner: QueryRunner,
    private readonly writer: EntityTableWriter,
    private readonly catalog: CatalogDefinition,
    private readonly source: Pick<LoadedSource, 'id' | 'includedItems' | 'excludedItems'>,
    private readonly now: number,
  ) {
    this.model = catalog.model;
    this.filter = new ItemNameFilter(source.includedItems, source.excludedItems);
  }

  /** Whole-document path: every entity parsed up front (layouts the splitter does not handle). */
  async applyEntities(
    read: Extract<SourceEntitiesResult, { ok: true }>,
    existing: Map<string, ExistingEntityRow>,
  ): Promise<RefreshCounts> {
    // Updated in place: on any failure the engine forgets its cached copy of these rows.
    this.rowsAfter = existing;
    const added: HashedEntity[] = [];
    const changed: Array<HashedEntity & { id: string }> = [];
    let unchanged = 0;
    for (const [name, item] of read.entities) {
      const row = existing.get(name);
      if (!row) added.push(item);
      else if (row.contentHash !== item.hash) changed.push({ ...item, id: row.id });
      else unchanged++;
    }
    const removed = [...existing].filter(([name]) => !read.entities.has(name));
    const removedIds = this.forgetRows(removed);
    await this.writer.deleteByIds(this.runner, removedIds);
    await this.write(added, changed);
    return {
      added: added.length,
      updated: changed.length,
      removed: removedIds.length,
      unchanged,
      loaded: read.entities.size,
    };
  }

  /**
   * Item-by-item path: unchanged items known from the cache are not parsed at all; the rest are
   * parsed in steps whose writes overlap the parsing of the next step. Invalid content anywhere
   * throws ContentRejected (with every error) and the caller rolls back.
   *
   * `existing` and `cache` are updated in place (a small change costs no 100k-entry copies); on
   * any failure the engine forgets both. `rowsTrusted`: `existing` is the map the cached items'
   * row references point into, so they can be used without looking names up.
   */
  async applyChunks(
    buf: Buffer,
    split: CatalogItemChunks,
    existing: Map<string, ExistingEntityRow>,
    cache: Map<string, CachedItem> | undefined,
    rowsTrusted: boolean,
  ): Promise<RefreshCounts> {
    this.rowsAfter = existing;
    const learned = cache ?? new Map<string, CachedItem>();
    this.learned = learned;
    // Marks what this run saw: stale cache entries and vanished rows are found by one sweep,
    // and a row claimed twice is a duplicate name.
    const generation = ++runGenerations;
    const parser = new ChunkedContentParser(this.catalog.format);
    const errors = parser.validateHeader(buf, split);
    const itemsKey = this.catalog.format.itemsKey;
    /** Names without a row yet (new or excluded items), for duplicate detection. */
    const unclaimed = new Map<string, number>();
    const counts: RefreshCounts = { added: 0, updated: 0, removed: 0, unchanged: 0, loaded: 0 };
    let writing: Promise<void> = Promise.resolve();

    const duplicate = (chunk: ItemChunk, name: string, firstIndex: number): void => {
      errors.push({
        field: `${itemsKey}[${chunk.index}].name`,
        message: `duplicate name "${name}" (first defined at ${itemsKey}[${firstIndex}])`,
        ...locateItemName(buf, itemsKey, chunk),
      });
    };
    /** Claims a name for this chunk; false (and an error) when another item has it. */
    const claim = (chunk: ItemChunk, name: string, row: ExistingEntityRow | undefined): boolean => {
      if (row) {
        if (row.generation === generation) {
          duplicate(chunk, name, row.claimedBy!);
          return false;
        }
        row.generation = generation;
        row.claimedBy = chunk.index;
        return true;
      }
      const first = unclaimed.get(name);
      if (first !== undefined) {
        duplicate(chunk, name, first);
        return false;
      }
      unclaimed.set(name, chunk.index);
      return true;
    };

    for (let start = 0; start < split.chunks.length; start += STEP) {
      const step = split.chunks.slice(start, start + STEP);
      const known: Array<CachedItem | undefined> = new Array(step.length);
      const toParse: ItemChunk[] = [];
      for (let k = 0; k < step.length; k++) {
        const cached = cache?.get(step[k].rawHash);
        if (!cached) {
          toParse.push(step[k]);
          continue;
        }
        if (!cached.excluded) {
          const row = rowsTrusted ? cached.row : existing.get(cached.name);
          if (!row || row.contentHash !== cached.contentHash) {
            toParse.push(step[k]);
            continue;
          }
          cached.row = row;
        }
        known[k] = cached;
      }
      const parsed = parser.parse(buf, toParse);
      if (parsed.needsWholeDocument) throw new WholeDocumentRequired();
      errors.push(...parsed.errors);
      const parsedByChunk = new Map(parsed.items.map((p) => [p.chunk, p.entity]));

      const added: PendingRow[] = [];
      const changed: PendingRow[] = [];
      for (let k = 0; k < step.length; k++) {
        const chunk = step[k];
        const cached = known[k];
        if (cached) {
          if (!claim(chunk, cached.name, cached.row)) continue;
          cached.generation = generation;
          if (!cached.excluded) counts.unchanged++;
          continue;
        }
        const parsedName = parsed.names.get(chunk);
        if (parsedName === undefined) continue; // invalid item, already reported
        const name = detachedCopy(parsedName);
        const excluded = this.filter.active && !this.filter.accepts(name);
        const row = excluded ? undefined : existing.get(name);
        if (!claim(chunk, name, row)) continue;
        const entity = parsedByChunk.get(chunk);
        if (!entity) continue; // invalid item, already reported
        const item: CachedItem = { name, contentHash: '', excluded, generation };
        learned.set(chunk.rawHash, item);
        if (excluded) continue;
        item.contentHash = entityContentHash(this.model, entity);
        if (!row) {
          item.row = { id: '', contentHash: item.contentHash, generation, claimedBy: chunk.index };
          added.push({ name, entity, hash: item.contentHash, row: item.row });
        } else {
          item.row = row;
          if (row.contentHash !== item.contentHash)
            changed.push({ name, entity, hash: item.contentHash, row });
          else counts.unchanged++;
        }
      }
      counts.added += added.length;
      counts.updated += changed.length;
      if (errors.length === 0 && (added.length || changed.length)) {
        // One write in flight at a time: it overlaps parsing the next step, and memory stays
        // bounded by two steps however slow the database is.
        await writing;
        writing = this.writePending(added, changed);
        // Marked handled here; a failure still surfaces at the next `await writing`.
        writing.catch(() => undefined);
        // Let the statements reach the database before parsing the next step.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await writing;
    if (errors.length > 0) throw new ContentRejected(sortByPosition(errors));
    for (const [key, item] of learned) if (item.generation !== generation) learned.delete(key);
    const removed = [...existing].filter(([, row]) => row.generation !== generation);
    const removedIds = this.forgetRows(removed);
    await this.writer.deleteByIds(this.runner, removedIds);
    counts.removed = removedIds.length;
    counts.loaded = existing.size;
    return counts;
  }

  private forgetRows(removed: Array<[string, ExistingEntityRow]>): string[] {
    for (const [name] of removed) this.rowsAfter.delete(name);
    return removed.map(([, row]) => row.id);
  }

  /** Writes classified rows; the row objects (shared with the cache) learn their ids and hashes. */
  private async writePending(added: PendingRow[], changed: PendingRow[]): Promise<void> {
    const byName = new Map(added.map((a) => [a.entity.name, a.row]));
    await this.write(
      added.map((a) => ({ entity: a.entity, hash: a.hash })),
      changed.map((c) => ({ entity: c.entity, hash: c.hash, id: c.row.id })),
      (name, id) => {
        const row = byName.get(name);
        if (row) row.id = id;
      },
    );
    for (const c of changed) c.row.contentHash = c.hash;
    for (const a of added) this.rowsAfter.set(a.name, a.row);
  }

  private async write(
    added: HashedEntity[],
    changed: Array<HashedEntity & { id: string }>,
    onInserted?: (name: string, id: string) => void,
  ): Promise<void> {
    await this.writer.update(this.runner, changed, this.now);
    const newIds = await this.writer.insert(this.runner, this.source.id, added, this.now);
    if (onInserted) for (const [name, id] of newIds) onInserted(name, id);
    else {
      for (const c of changed) this.rowsAfter.set(c.entity.name, { id: c.id, contentHash: c.hash });
      for (const a of added)
        this.rowsAfter.set(a.entity.name, { id: newIds.get(a.entity.name)!, contentHash: a.hash });
    }
    if (this.model.children?.length) {
      await this.writer.replaceChildren(
        this.runner,
        this.source.id,
        [
          ...changed.map((c) => ({ id: c.id, entity: c.entity, existed: true })),
          ...added.map((a) => ({
            id: newIds.get(a.entity.name)!,
            entity: a.entity,
            existed: false,
          })),
        ],
        this.now,
      );
    }
  }
}

/** A classified row waiting to be written, with the row object the cache will keep. */
interface PendingRow {
  /** The entity's name, detached from the parsed text (it is kept in the cache). */
  name: string;
  entity: ParsedEntity;
  hash: string;
  row: ExistingEntityRow;
}

/**
 * A copy of a string that does not point into the text it was parsed from: V8 keeps substrings
 * as slices of their parent, so a name kept in the cache would otherwise keep a whole parsed
 * document alive for as long as the cache lives.
 */
function detachedCopy(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}
