import { Injectable } from '@nestjs/common';
import { SourcesConfigService } from '../config/sources-config.service';
import { NotFoundError } from '../errors/catalog-errors';
import type { ManagedPlugin } from '../ingestion/catalog-ingestion.service';
import { CatalogQueryService } from '../query/catalog-query.service';
import type { EntityListQueryDto } from '../query/entity-list-query.dto';
import type { FilterOption } from '../query/list-query.types';
import { resolveSourceIds } from '../query/source-scope';
import type { StoredEntity } from '../entity/entity-model';

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

/**
 * The read side every plugin's data plane uses: source scoping (source, sourceLabel, enabled
 * sources only), the query engine, and the plugin's mapping to API items.
 */
@Injectable()
export class CatalogReadService {
  constructor(
    private readonly sources: SourcesConfigService,
    private readonly query: CatalogQueryService,
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

  async filterOptions(plugin: ManagedPlugin): Promise<FilterOptionsResponse> {
    const section = this.sources.section(plugin.configKey);
    const { filters } = await this.query.filterOptions(
      plugin.catalog.model,
      this.sourceIds(plugin),
    );
    return { filters, namedQueries: section?.namedQueries ?? {} };
  }
}
