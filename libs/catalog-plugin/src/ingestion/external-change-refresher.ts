import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SourcesConfigService, SourcesReloadEvent } from '../config/sources-config.service';
import { PluginRegistry } from '../plugin/plugin-registry';
import { hasSourceCatalog } from './catalog-definition';
import { CatalogIngestionService } from './catalog-ingestion.service';

/**
 * Keeps served data in step with edits made outside this server (a file edited by hand, kubectl,
 * another replica): every source whose entry or content changed is refreshed, every source that
 * disappeared is removed. Edits made through this server refresh on their own terms.
 */
@Injectable()
export class ExternalChangeRefresher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ExternalChangeRefresher.name);
  private unsubscribe?: () => void;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly sources: SourcesConfigService,
    private readonly registry: PluginRegistry,
    private readonly ingestion: CatalogIngestionService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.sources.onChange((event) => {
      if (!event.external) return;
      this.running = this.running.then(() => this.apply(event));
      return this.running;
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Resolves when the refreshes triggered so far have finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.running;
  }

  private async apply(event: SourcesReloadEvent): Promise<void> {
    for (const change of event.changes) {
      const plugin = this.registry.serving().find((p) => p.configKey === change.configKey);
      if (!plugin || !hasSourceCatalog(plugin)) continue;
      for (const sourceId of change.sourceIds) {
        try {
          if (this.sources.source(plugin.configKey, sourceId)) {
            const result = await this.ingestion.refreshSource(plugin, sourceId);
            this.logger.log({
              msg: 'refreshed after an external change',
              plugin: plugin.name,
              sourceId,
              status: result.status,
              summary: result.summary,
              reason: event.reason,
            });
          } else {
            const removed = await this.ingestion.removeSource(plugin, sourceId);
            this.logger.log({
              msg: 'source removed outside this server',
              plugin: plugin.name,
              sourceId,
              removed,
              reason: event.reason,
            });
          }
        } catch (err) {
          this.logger.error({
            msg: 'refresh after an external change failed',
            plugin: plugin.name,
            sourceId,
            error: String(err),
          });
        }
      }
    }
  }
}
