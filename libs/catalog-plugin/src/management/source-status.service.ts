import { Injectable } from '@nestjs/common';
import type { LoadedSource } from '../config/sources-config';
import { CatalogIngestionService, ManagedPlugin } from '../ingestion/catalog-ingestion.service';
import { InitialLoadService } from '../ingestion/initial-load.service';
import { CatalogQueryService } from '../query/catalog-query.service';
import { RefreshStatusEntity } from '../status/refresh-status.entity';
import { RefreshStatusRepository } from '../status/refresh-status.repository';

export type SourceLifecycleState = 'available' | 'error' | 'disabled' | 'loading';

export interface SourceStatus {
  state: SourceLifecycleState;
  entityCount: number;
  lastRefreshTime: string | null;
  lastRefreshStatus: 'success' | 'error' | null;
  lastRefreshSummary: string | null;
  lastError: string | null;
  lastSuccessTime: string | null;
  durationMs: number | null;
}

/** A source's state from the persisted refresh status (C2) and the entities served now. */
@Injectable()
export class SourceStatusService {
  constructor(
    private readonly statuses: RefreshStatusRepository,
    private readonly query: CatalogQueryService,
    private readonly ingestion: CatalogIngestionService,
    private readonly initialLoad: InitialLoadService,
  ) {}

  async statusesOf(
    plugin: ManagedPlugin,
    sources: readonly LoadedSource[],
  ): Promise<Map<string, SourceStatus>> {
    const [rows, counts] = await Promise.all([
      this.statuses.findByPlugin(plugin.name),
      this.query.countBySource(
        plugin.catalog.model,
        sources.map((s) => s.id),
      ),
    ]);
    const byId = new Map(rows.map((r) => [r.sourceId, r]));
    return new Map(
      sources.map((s) => [s.id, this.compose(plugin, s, byId.get(s.id), counts.get(s.id) ?? 0)]),
    );
  }

  private compose(
    plugin: ManagedPlugin,
    source: LoadedSource,
    row: RefreshStatusEntity | undefined,
    entityCount: number,
  ): SourceStatus {
    let state: SourceLifecycleState;
    if (!source.enabled) state = 'disabled';
    else if (
      this.ingestion.isRefreshing(plugin.name, source.id) ||
      (!row && this.initialLoad.state !== 'done')
    )
      state = 'loading';
    else if (row?.lastRefreshStatus === 'error') state = 'error';
    else state = 'available';
    return {
      state,
      entityCount,
      lastRefreshTime: row ? row.lastRefreshTime.toISOString() : null,
      lastRefreshStatus: row?.lastRefreshStatus ?? null,
      lastRefreshSummary: row?.lastRefreshSummary ?? null,
      lastError: row?.lastError ?? null,
      lastSuccessTime: row?.lastSuccessTime ? row.lastSuccessTime.toISOString() : null,
      durationMs: row?.durationMs ?? null,
    };
  }
}
