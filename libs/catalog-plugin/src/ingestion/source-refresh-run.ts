import type { QueryRunner } from 'typeorm';
import type { ErrorDetail } from '../errors/catalog-errors';
import type { EntityModel } from '../entity/entity-model';
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

/** Items parsed and written per step; parsing the next step overlaps the database writing this one. */
const STEP = 2000;

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
  readonly learned = new Map<string, CachedItem>();
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
    this.rowsAfter = new Map(existing);
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
   */
  async applyChunks(
    buf: Buffer,
    split: CatalogItemChunks,
    existing: Map<string, ExistingEntityRow>,
    cache: Map<string, CachedItem> | undefined,
  ): Promise<RefreshCounts> {
    this.rowsAfter = new Map(existing);
    const parser = new ChunkedContentParser(this.catalog.format);
    const errors = parser.validateHeader(buf, split);
    const firstIndex = new Map<string, ItemChunk>();
    const counts: RefreshCounts = { added: 0, updated: 0, removed: 0, unchanged: 0, loaded: 0 };
    const kept = new Set<string>();
    let writing: Promise<void> = Promise.resolve();

    for (let start = 0; start < split.chunks.length; start += STEP) {
      const step = split.chunks.slice(start, start + STEP);
      const known = new Map<ItemChunk, CachedItem>();
      const toParse: ItemChunk[] = [];
      for (const chunk of step) {
        const cached = cache?.get(chunk.rawHash);
        if (
          cached &&
          (cached.excluded || existing.get(cached.name)?.contentHash === cached.contentHash)
        )
          known.set(chunk, cached);
        else toParse.push(chunk);
      }
      const parsed = parser.parse(buf, toParse);
      if (parsed.needsWholeDocument) throw new WholeDocumentRequired();
      errors.push(...parsed.errors);
      const parsedByChunk = new Map(parsed.items.map((p) => [p.chunk, p.entity]));

      const added: HashedEntity[] = [];
      const changed: Array<HashedEntity & { id: string }> = [];
      for (const chunk of step) {
        const cached = known.get(chunk);
        const entity = parsedByChunk.get(chunk);
        const name = cached ? cached.name : parsed.names.get(chunk);
        if (name === undefined) continue; // invalid item, already reported
        const previous = firstIndex.get(name);
        if (previous) {
          const itemsKey = this.catalog.format.itemsKey;
          errors.push({
            field: `${itemsKey}[${chunk.index}].name`,
            message: `duplicate name "${name}" (first defined at ${itemsKey}[${previous.index}])`,
            ...locateItemName(buf, itemsKey, chunk),
          });
          continue;
        }
        firstIndex.set(name, chunk);
        if (!cached && !entity) continue; // invalid item, already reported
        const excluded = this.filter.active && !this.filter.accepts(name);
        if (cached) {
          this.learned.set(chunk.rawHash, cached);
          if (!excluded) {
            kept.add(name);
            counts.unchanged++;
          }
          continue;
        }
        const hash = excluded ? '' : entityContentHash(this.model, entity!);
        this.learned.set(chunk.rawHash, { name, contentHash: hash, excluded });
        if (excluded) continue;
        kept.add(name);
        const row: ExistingEntityRow | undefined = existing.get(name);
        if (!row) added.push({ entity: entity!, hash });
        else if (row.contentHash !== hash) changed.push({ entity: entity!, hash, id: row.id });
        else counts.unchanged++;
      }
      counts.added += added.length;
      counts.updated += changed.length;
      if (errors.length === 0 && (added.length || changed.length)) {
        // One write in flight at a time: it overlaps parsing the next step, and memory stays
        // bounded by two steps however slow the database is.
        await writing;
        writing = this.write(added, changed);
        // Marked handled here; a failure still surfaces at the next `await writing`.
        writing.catch(() => undefined);
        // Let the statements reach the database before parsing the next step.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await writing;
    if (errors.length > 0) throw new ContentRejected(sortByPosition(errors));
    const removedIds = this.forgetRows([...existing].filter(([name]) => !kept.has(name)));
    await this.writer.deleteByIds(this.runner, removedIds);
    counts.removed = removedIds.length;
    counts.loaded = kept.size;
    return counts;
  }

  private forgetRows(removed: Array<[string, ExistingEntityRow]>): string[] {
    for (const [name] of removed) this.rowsAfter.delete(name);
    return removed.map(([, row]) => row.id);
  }

  private async write(
    added: HashedEntity[],
    changed: Array<HashedEntity & { id: string }>,
  ): Promise<void> {
    await this.writer.update(this.runner, changed, this.now);
    for (const c of changed) this.rowsAfter.set(c.entity.name, { id: c.id, contentHash: c.hash });
    const newIds = await this.writer.insert(this.runner, this.source.id, added, this.now);
    for (const a of added)
      this.rowsAfter.set(a.entity.name, { id: newIds.get(a.entity.name)!, contentHash: a.hash });
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
