import { Injectable, Logger } from '@nestjs/common';
import { SourcesConfigService } from '../config/sources-config.service';
import { CatalogIngestionService, ManagedPlugin } from '../ingestion/catalog-ingestion.service';
import type { CatalogPlugin } from '../plugin/catalog-plugin';
import { RefreshStatusRepository } from './refresh-status.repository';

/**
 * Boot-time cleanup of refresh status that nothing running would remove:
 * - rows of plugins that are no longer registered (the plugin left this build);
 * - sources that left the configuration while the server was down: removed through the engine,
 *   so their entities and status row go together, exactly as when a running server sees a source
 *   disappear.
 * A failing step is logged and skipped; it never blocks the boot.
 */
@Injectable()
export class RefreshStatusJanitor {
  private readonly logger = new Logger(RefreshStatusJanitor.name);

  constructor(
    private readonly status: RefreshStatusRepository,
    private readonly sources: SourcesConfigService,
    private readonly ingestion: CatalogIngestionService,
  ) {}

  /**
   * @param registered every plugin of this build, serving or failed (a failed plugin keeps its rows)
   * @param managed serving plugins whose sources the engine refreshes
   */
  async sweep(
    registered: readonly CatalogPlugin[],
    managed: readonly ManagedPlugin[],
  ): Promise<void> {
    await this.removeUnregisteredPlugins(new Set(registered.map((p) => p.name)));
    for (const plugin of managed) await this.removeUnconfiguredSources(plugin);
  }

  private async removeUnregisteredPlugins(registered: ReadonlySet<string>): Promise<void> {
    try {
      for (const plugin of await this.status.pluginNames()) {
        if (registered.has(plugin)) continue;
        const rows = await this.status.deletePlugin(plugin);
        this.logger.log({
          msg: 'removed refresh status of a plugin that is no longer registered',
          plugin,
          rows,
        });
      }
    } catch (err) {
      this.logger.error({ msg: 'refresh status cleanup failed', error: String(err) });
    }
  }

  private async removeUnconfiguredSources(plugin: ManagedPlugin): Promise<void> {
    try {
      const configured = new Set(
        (this.sources.section(plugin.configKey)?.sources ?? []).map((s) => s.id),
      );
      for (const row of await this.status.findByPlugin(plugin.name)) {
        if (configured.has(row.sourceId)) continue;
        const removed = await this.ingestion.removeSource(plugin, row.sourceId);
        this.logger.log({
          msg: 'removed a source that left the configuration while the server was down',
          plugin: plugin.name,
          sourceId: row.sourceId,
          entitiesRemoved: removed,
        });
      }
    } catch (err) {
      this.logger.error({
        msg: 'stale source cleanup failed',
        plugin: plugin.name,
        error: String(err),
      });
    }
  }
}
