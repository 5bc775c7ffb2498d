import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { SourcesConfigService } from '../config/sources-config.service';
import type { LoadedSource } from '../config/sources-config';
import { ErrorDetail, NotFoundError } from '../errors/catalog-errors';
import type { CatalogPlugin } from '../plugin/catalog-plugin';
import { RefreshStatusRepository } from '../status/refresh-status.repository';
import { CatalogQueryService } from '../query/catalog-query.service';
import type { SourceCatalogCapability } from './catalog-definition';
import { describeContentError } from './catalog-content-parser';
import { EntityTableWriter, HashedEntity } from './entity-table.writer';
import { splitCatalogItems } from './catalog-item-chunks';
import { SourceState, SourceStateCache } from './item-chunk-cache';
import {
  ContentRejected,
  RefreshCounts,
  SourceRefreshRun,
  WholeDocumentRequired,
} from './source-refresh-run';
import {
  EntityDiff,
  PluginRefreshResult,
  RefreshResult,
  summarize,
  totalsOf,
} from './refresh-result';
import { SourceContentReader } from './source-content-reader';

export type ManagedPlugin = CatalogPlugin & SourceCatalogCapability;

/**
 * Largest content parsed as one document. Block-style catalogs are processed item by item at any
 * size; a layout that must be parsed whole (flow style, aliases, content after the list) costs
 * many times its size in heap, so it is capped well below the server's heap.
 */
export const WHOLE_DOCUMENT_MAX_BYTES = 8 * 1024 * 1024;

function wholeDocumentTooLarge(size: number): ErrorDetail {
  return {
    message:
      `content is ${(size / 1048576).toFixed(1)} MiB in a layout that must be parsed as one document ` +
      `(flow style, YAML aliases, or content after the list); the limit for that is ` +
      `${WHOLE_DOCUMENT_MAX_BYTES / 1048576} MiB. Write large catalogs as a block-style list without aliases.`,
  };
}

/** Sources of one plugin refreshed at the same time (each on its own connection). */
const PARALLEL_SOURCES = 2;

/**
 * The shared ingestion engine. A refresh of one source reads and validates its content, then in
 * one transaction, under a PostgreSQL advisory lock keyed by (plugin, source), inserts new
 * entities, rewrites changed ones, deletes vanished ones and leaves unchanged rows alone. Invalid
 * content changes nothing. Other sources' rows are never touched.
 */
@Injectable()
export class CatalogIngestionService {
  private readonly logger = new Logger(CatalogIngestionService.name);
  private readonly writers = new WeakMap<object, EntityTableWriter>();
  private readonly inFlight = new Map<string, number>();
  private readonly stateCache = new SourceStateCache();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: SourcesConfigService,
    private readonly reader: SourceContentReader,
    private readonly status: RefreshStatusRepository,
    private readonly query: CatalogQueryService,
  ) {}

  /** True while a refresh of this source runs in this process. */
  isRefreshing(pluginName: string, sourceId: string): boolean {
    return (this.inFlight.get(`${pluginName}\0${sourceId}`) ?? 0) > 0;
  }

  async refreshSource(plugin: ManagedPlugin, sourceId: string): Promise<RefreshResult> {
    if (!this.sources.source(plugin.configKey, sourceId)) {
      throw new NotFoundError(`source "${sourceId}" not found in plugin "${plugin.name}"`);
    }
    const key = `${plugin.name}\0${sourceId}`;
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    try {
      return await this.runRefresh(plugin, sourceId);
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    }
  }

  /**
   * Refreshes every source of the plugin independently: one failure does not stop the others.
   * An aborted signal stops it from starting further sources (running ones finish); results then
   * list only the sources that ran.
   */
  async refreshAll(plugin: ManagedPlugin, signal?: AbortSignal): Promise<PluginRefreshResult> {
    const started = Date.now();
    const ids = (this.sources.section(plugin.configKey)?.sources ?? []).map((s) => s.id);
    const ran: Array<RefreshResult | undefined> = new Array<RefreshResult | undefined>(ids.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length && !signal?.aborted) {
        const index = next++;
        ran[index] = await this.refreshSource(plugin, ids[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SOURCES, ids.length) }, worker));
    const results = ran.filter((r): r is RefreshResult => r !== undefined);
    const finished = Date.now();
    return {
      plugin: plugin.name,
      results,
      totals: totalsOf(results),
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
    };
  }

  /** Deletes a source's entities and its refresh status (the source left the configuration). */
  async removeSource(plugin: ManagedPlugin, sourceId: string): Promise<number> {
    return this.inTransaction(plugin, sourceId, async (runner) => {
      this.stateCache.forget(`${plugin.name}\0${sourceId}`);
      const removed = await this.writerFor(plugin).deleteSource(runner, sourceId);
      await this.status.deleteSource(plugin.name, sourceId, runner.manager);
      return removed;
    });
  }

  /**
   * What applying `text` as the source's content would do to the entities loaded now, without
   * writing anything (the management plane's diff summary and critical-change gate).
   */
  async previewEntityDiff(
    plugin: ManagedPlugin,
    sourceId: string,
    next: { includedItems?: string[]; excludedItems?: string[]; enabled: boolean },
    text: string,
  ): Promise<{ ok: true; diff: EntityDiff } | { ok: false; errors: ErrorDetail[] }> {
    const parsed = next.enabled
      ? this.reader.toEntities(plugin.catalog, next, text)
      : { ok: true as const, entities: new Map<string, HashedEntity>() };
    if (!parsed.ok) return parsed;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const existing = await this.writerFor(plugin).existingRows(runner, sourceId);
      const diff: EntityDiff = { added: [], removed: [], changed: [], unchanged: [] };
      for (const [name, item] of parsed.entities) {
        const row = existing.get(name);
        if (!row) diff.added.push(name);
        else if (row.contentHash !== item.hash) diff.changed.push(name);
        else diff.unchanged.push(name);
      }
      for (const name of existing.keys()) if (!parsed.entities.has(name)) diff.removed.push(name);
      for (const list of Object.values(diff)) (list as string[]).sort();
      return { ok: true, diff };
    } finally {
      await runner.release();
    }
  }

  /** Entities currently served for a source. */
  async countEntities(plugin: ManagedPlugin, sourceId: string): Promise<number> {
    return (await this.query.countBySource(plugin.catalog.model, [sourceId])).get(sourceId) ?? 0;
  }

  private writerFor(plugin: ManagedPlugin): EntityTableWriter {
    let writer = this.writers.get(plugin.catalog.model);
    if (!writer) {
      writer = new EntityTableWriter(plugin.catalog.model);
      this.writers.set(plugin.catalog.model, writer);
    }
    return writer;
  }

  private async inTransaction<T>(
    plugin: ManagedPlugin,
    sourceId: string,
    work: (runner: QueryRunner) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // Serializes refreshes of one source across every process sharing the database.
      await runner.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
        plugin.name,
        sourceId,
      ]);
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async runRefresh(
    plugin: ManagedPlugin,
    sourceId: string,
    wholeDocument = false,
  ): Promise<RefreshResult> {
    const started = Date.now();
    const writer = this.writerFor(plugin);
    const cacheKey = `${plugin.name}\0${sourceId}`;
    const base = {
      sourceId,
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 0,
      errors: [] as ErrorDetail[],
    };
    let failure: ErrorDetail[] | undefined;
    let result: RefreshResult | undefined;
    let learned: SourceState | undefined;
    try {
      result = await this.inTransaction(plugin, sourceId, async (runner) => {
        // Read the source after taking the lock: a waiting refresh sees the latest config.
        const source = this.sources.source(plugin.configKey, sourceId);
        if (!source || !source.enabled) {
          this.stateCache.forget(cacheKey);
          const removed = await writer.deleteSource(runner, sourceId);
          const r = this.finish({ ...base, removed, entitiesLoaded: 0 }, started, 'success');
          r.summary = `Source ${source ? 'disabled' : 'removed'}: ${removed} entities removed`;
          await this.recordStatus(plugin, r, runner);
          return r;
        }
        const buf = await this.readBytes(plugin, source);
        if (!Buffer.isBuffer(buf)) {
          failure = buf.errors;
          return undefined;
        }
        const run = new SourceRefreshRun(runner, writer, plugin.catalog, source, Date.now());
        const split = wholeDocument
          ? undefined
          : splitCatalogItems(buf, plugin.catalog.format.itemsKey);
        const signature = JSON.stringify([source.includedItems ?? [], source.excludedItems ?? []]);
        const state = this.stateCache.get(cacheKey);
        const version = await this.status.version(plugin.name, sourceId, runner.manager);
        const rowsTrusted = !!state && version !== undefined && state.version === version;
        const existing = rowsTrusted ? state.rows : await writer.existingRows(runner, sourceId);
        let counts: RefreshCounts;
        if (split) {
          counts = await run.applyChunks(
            buf,
            split,
            existing,
            state?.signature === signature ? state.items : undefined,
            rowsTrusted,
          );
        } else {
          if (buf.length > WHOLE_DOCUMENT_MAX_BYTES)
            throw new ContentRejected([wholeDocumentTooLarge(buf.length)]);
          const read = this.reader.toEntities(plugin.catalog, source, buf.toString('utf8'));
          if (!read.ok) throw new ContentRejected(read.errors);
          counts = await run.applyEntities(read, existing);
        }
        const r = this.finish(
          {
            ...base,
            added: counts.added,
            updated: counts.updated,
            removed: counts.removed,
            unchanged: counts.unchanged,
            entitiesLoaded: counts.loaded,
          },
          started,
          'success',
        );
        const written = await this.recordStatus(plugin, r, runner);
        learned = {
          signature,
          items: split ? run.learned : new Map(),
          rows: run.rowsAfter,
          version: written,
        };
        return r;
      });
    } catch (err) {
      if (err instanceof WholeDocumentRequired) {
        // The rolled-back attempt may have touched the cached rows; start from the database.
        this.stateCache.forget(cacheKey);
        return this.runRefresh(plugin, sourceId, true);
      }
      if (err instanceof ContentRejected) failure = err.errors;
      else {
        failure = [
          { message: `refresh failed: ${err instanceof Error ? err.message : String(err)}` },
        ];
        this.logger.error({
          msg: 'refresh failed',
          plugin: plugin.name,
          sourceId,
          error: failure[0].message,
        });
      }
    }
    if (learned) this.stateCache.set(cacheKey, learned);
    else this.stateCache.forget(cacheKey);
    if (result) {
      this.logger.log({
        msg: 'source refreshed',
        plugin: plugin.name,
        sourceId,
        summary: result.summary,
        durationMs: result.durationMs,
      });
      return result;
    }
    const errors = failure ?? [{ message: 'refresh failed' }];
    const loaded = await this.countEntities(plugin, sourceId).catch(() => 0);
    const r = this.finish({ ...base, errors, entitiesLoaded: loaded }, started, 'error');
    await this.recordStatus(plugin, r).catch((err: unknown) =>
      this.logger.error({
        msg: 'cannot record refresh status',
        plugin: plugin.name,
        sourceId,
        error: String(err),
      }),
    );
    this.logger.warn({
      msg: 'source refresh rejected',
      plugin: plugin.name,
      sourceId,
      errors: errors.length,
      first: describeContentError(errors[0]),
    });
    return r;
  }

  /** Content as bytes only: a large catalog must not stay in memory twice (string and buffer). */
  /** Content as bytes only: a large catalog must not stay in memory twice (string and buffer). */
  private async readBytes(
    plugin: ManagedPlugin,
    source: LoadedSource,
  ): Promise<Buffer | { errors: ErrorDetail[] }> {
    const read = await this.reader.readBytes(plugin.catalog, source);
    return read.ok ? read.bytes : { errors: read.errors };
  }

  private finish(
    counts: Omit<RefreshResult, 'status' | 'startedAt' | 'finishedAt' | 'durationMs' | 'summary'>,
    started: number,
    status: RefreshResult['status'],
  ): RefreshResult {
    const finished = Date.now();
    const summary =
      status === 'success'
        ? summarize(counts)
        : `Refresh failed with ${counts.errors.length} error${counts.errors.length === 1 ? '' : 's'}; ${counts.entitiesLoaded} previously loaded entities kept. First: ${describeContentError(counts.errors[0])}`;
    return {
      ...counts,
      status,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      summary,
    };
  }

  private async recordStatus(
    plugin: ManagedPlugin,
    r: RefreshResult,
    runner?: QueryRunner,
  ): Promise<string> {
    return this.status.record(
      {
        pluginName: plugin.name,
        sourceId: r.sourceId,
        outcome: r.status,
        summary: r.summary,
        error: r.status === 'error' ? r.errors.map(describeContentError).join('\n') : null,
        entitiesLoaded: r.entitiesLoaded,
        entitiesRemoved: r.removed,
        durationMs: r.durationMs,
        finishedAt: new Date(r.finishedAt),
      },
      runner?.manager,
    );
  }
}
