import { Injectable } from '@nestjs/common';
import { compareCodePoints } from '../config/ordering';
import type { CatalogLabelConfig, LoadedSource } from '../config/sources-config';
import { SourcesConfigService } from '../config/sources-config.service';
import { InvalidArgumentError, NotFoundError } from '../errors/catalog-errors';
import type { ManagedPlugin } from '../ingestion/catalog-ingestion.service';
import { CatalogQueryService } from '../query/catalog-query.service';
import type { EntityListQueryDto } from '../query/entity-list-query.dto';
import { InMemoryPage, InMemoryPageRequest, pageInMemory } from '../query/in-memory-page';
import type { ChildListQuery, FilterOption } from '../query/list-query.types';
import { resolveSourceIds } from '../query/source-scope';
import type { StoredEntity } from '../entity/entity-model';
import type { RefreshStatusEntity } from '../status/refresh-status.entity';
import { RefreshStatusRepository } from '../status/refresh-status.repository';

export interface ApiItemPage {
  items: Array<Record<string, unknown>>;
  size: number;
  pageSize: number;
  nextPageToken: string;
}

export interface FilterOptionsResponse {
  filters: Record<string, FilterOption>;
  namedQueries: Record<string, unknown>;
}

/** A configured source with the persisted outcome of its last refresh (none yet: undefined). */
export interface SourceWithStatus {
  source: LoadedSource;
  lastRefresh?: RefreshStatusEntity;
}

export interface SourceListQuery extends InMemoryPageRequest {
  /** Case-insensitive substring of the source name. */
  name?: string;
  /** `ID` (default) or `NAME`, case-insensitive. */
  orderBy?: string;
  sortOrder?: string;
}

export interface LabelListQuery extends InMemoryPageRequest {
  /** A label key: labels that have it come first, ordered by its value; the rest keep their order. */
  orderBy?: string;
  sortOrder?: string;
}

/**
 * The read side every plugin's data plane uses: source scoping (source, sourceLabel, enabled
 * sources only), the query engine, the plugin's mapping to API items, and the plugin's slice of the
 * config view (sources with their refresh status, labels).
 */
@Injectable()
export class CatalogReadService {
  constructor(
    private readonly sources: SourcesConfigService,
    private readonly query: CatalogQueryService,
    private readonly refreshStatus: RefreshStatusRepository,
  ) {}

  /** Enabled sources of the plugin matching `source` / `sourceLabel`. */
  sourceIds(
    plugin: ManagedPlugin,
    params: Pick<EntityListQueryDto, 'source' | 'sourceLabel'> = {},
  ): string[] {
    return resolveSourceIds(this.sources.section(plugin.configKey), params);
  }

  async list(plugin: ManagedPlugin, dto: EntityListQueryDto): Promise<ApiItemPage> {
    const section = this.sources.section(plugin.configKey);
    const page = await this.query.list(plugin.catalog.model, dto, {
      sourceIds: this.sourceIds(plugin, dto),
      namedQueries: section?.namedQueries ?? {},
    });
    return {
      items: page.items.map((e) => plugin.catalog.toApiItem(e)),
      size: page.size,
      pageSize: page.pageSize,
      nextPageToken: page.nextPageToken,
    };
  }

  /** One entity by id, only if its source is enabled and configured. */
  async getById(plugin: ManagedPlugin, id: string): Promise<StoredEntity> {
    const entity = await this.query.getById(plugin.catalog.model, id);
    if (!entity || !this.sourceIds(plugin).includes(entity.sourceId)) {
      throw new NotFoundError(
        `${plugin.catalog.model.resourceName.replace(/s$/, '')} "${id}" not found`,
      );
    }
    return entity;
  }

  async getByName(plugin: ManagedPlugin, sourceId: string, name: string): Promise<StoredEntity> {
    const entity = this.sourceIds(plugin).includes(sourceId)
      ? await this.query.getByName(plugin.catalog.model, sourceId, name)
      : undefined;
    if (!entity) {
      throw new NotFoundError(`"${name}" not found in source "${sourceId}"`);
    }
    return entity;
  }

  /**
   * One page of a parent's children (e.g. a model's artifacts), mapped to API items. `parent` comes
   * from getById/getByName, so a child list is only reachable through a served parent.
   */
  async listChildren(
    plugin: ManagedPlugin,
    parent: StoredEntity,
    collection: string,
    query: ChildListQuery,
  ): Promise<ApiItemPage> {
    const { model } = plugin.catalog;
    const child = model.children?.find((c) => c.collection === collection);
    if (!child) throw new Error(`${model.table} has no child collection "${collection}"`);
    const page = await this.query.listChildren(model, child, parent.id, query);
    const toItem = plugin.catalog.toApiChildItem?.bind(plugin.catalog);
    return {
      items: page.items.map((e) => (toItem ? toItem(collection, e) : defaultChildItem(e))),
      size: page.size,
      pageSize: page.pageSize,
      nextPageToken: page.nextPageToken,
    };
  }

  async filterOptions(plugin: ManagedPlugin): Promise<FilterOptionsResponse> {
    const section = this.sources.section(plugin.configKey);
    const { filters } = await this.query.filterOptions(
      plugin.catalog.model,
      this.sourceIds(plugin),
    );
    return { filters, namedQueries: section?.namedQueries ?? {} };
  }

  /**
   * Every configured source of the plugin, enabled or not, with its persisted refresh status,
   * filtered by name, ordered (ID or NAME, ties by id) and paged.
   */
  async listSources(
    plugin: ManagedPlugin,
    query: SourceListQuery = {},
  ): Promise<InMemoryPage<SourceWithStatus>> {
    const orderBy = (query.orderBy?.trim() || 'ID').toUpperCase();
    if (orderBy !== 'ID' && orderBy !== 'NAME') {
      const message = `orderBy ${JSON.stringify(query.orderBy)} is not supported for sources; use ID or NAME`;
      throw new InvalidArgumentError(message, [{ field: 'orderBy', message }]);
    }
    const direction = sortDirection(query.sortOrder);
    const statuses = new Map(
      (await this.refreshStatus.findByPlugin(plugin.name)).map((s) => [s.sourceId, s]),
    );
    const needle = query.name?.trim().toLowerCase() ?? '';
    const byOrder = (a: LoadedSource, b: LoadedSource): number =>
      (orderBy === 'NAME' ? compareCodePoints(a.name, b.name) : 0) || compareCodePoints(a.id, b.id);
    const items = (this.sources.section(plugin.configKey)?.sources ?? [])
      .filter((source) => source.name.toLowerCase().includes(needle))
      .sort((a, b) => direction * byOrder(a, b))
      .map((source): SourceWithStatus => {
        const lastRefresh = statuses.get(source.id);
        return lastRefresh ? { source, lastRefresh } : { source };
      });
    return pageInMemory(items, (s) => s.source.id, query, {
      table: `sources:${plugin.configKey}`,
      name: needle,
      orderBy,
      sortOrder: direction === 1 ? 'ASC' : 'DESC',
    });
  }

  /**
   * The labels declared in the plugin's section. With `orderBy` (a label key), labels that have the
   * key come first, ordered by its value (ties by name); the others follow in declared order.
   */
  listLabels(plugin: ManagedPlugin, query: LabelListQuery = {}): InMemoryPage<CatalogLabelConfig> {
    const labels = this.sources.section(plugin.configKey)?.labels ?? [];
    const key = query.orderBy?.trim() ?? '';
    const direction = sortDirection(query.sortOrder);
    const ordered = key
      ? [
          ...labels
            .filter((l) => l[key] !== undefined)
            .sort(
              (a, b) =>
                direction * compareCodePoints(a[key]!, b[key]!) ||
                compareCodePoints(a.name, b.name),
            ),
          ...labels.filter((l) => l[key] === undefined),
        ]
      : labels;
    return pageInMemory(ordered, (l) => l.name, query, {
      table: `labels:${plugin.configKey}`,
      orderBy: key,
      sortOrder: direction === 1 ? 'ASC' : 'DESC',
    });
  }
}

function sortDirection(sortOrder: string | undefined): 1 | -1 {
  const normalized = sortOrder?.trim().toUpperCase() || 'ASC';
  if (normalized === 'ASC') return 1;
  if (normalized === 'DESC') return -1;
  const message = 'sortOrder must be ASC or DESC';
  throw new InvalidArgumentError(message, [{ field: 'sortOrder', message }]);
}

function defaultChildItem(child: StoredEntity): Record<string, unknown> {
  const item: Record<string, unknown> = { id: child.id };
  if (child.name) item.name = child.name;
  Object.assign(item, child.fields);
  if (child.customProperties) item.customProperties = child.customProperties;
  item.createTimeSinceEpoch = String(child.createTime);
  item.lastUpdateTimeSinceEpoch = String(child.lastUpdateTime);
  return item;
}
