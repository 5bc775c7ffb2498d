import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { SourcesConfigService } from './config/sources-config.service';
import { DatabaseMigrator } from './database/database-migrator';
import { PluginRegistry } from './plugin/plugin-registry';
import { hasSourceCatalog } from './ingestion/catalog-definition';
import { InitialLoadService } from './ingestion/initial-load.service';
import { ExternalChangeRefresher } from './ingestion/external-change-refresher';
import { RefreshStatusJanitor } from './status/refresh-status-janitor';
import { CONFIG_STORE, ConfigStore } from './store/config-store';

/**
 * Boot order: migrations (kernel and plugins) → sources view from the config store → plugin
 * init/start → cleanup of refresh status left by removed plugins and sources → initial load of
 * every enabled source (in the background). Shutdown waits for
 * that load, stops plugins in reverse order, then closes the store.
 */
@Injectable()
export class CatalogBootstrap
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(CatalogBootstrap.name);

  constructor(
    private readonly migrator: DatabaseMigrator,
    private readonly sources: SourcesConfigService,
    private readonly registry: PluginRegistry,
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
    private readonly initialLoad: InitialLoadService,
    private readonly externalChanges: ExternalChangeRefresher,
    private readonly statusJanitor: RefreshStatusJanitor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.migrator.migrate();
    const scopes = this.registry
      .all()
      .map(({ plugin }) => ({ plugin: plugin.name, configKey: plugin.configKey }));
    await this.sources.reload(scopes);
    await this.registry.initAll((plugin) => this.sources.section(plugin.configKey));
    this.logger.log({
      msg: 'plugins initialized',
      plugins: this.registry.all().map((e) => ({ name: e.plugin.name, serving: e.status.serving })),
    });
    const managed = this.registry.serving().filter(hasSourceCatalog);
    await this.statusJanitor.sweep(
      this.registry.all().map((e) => e.plugin),
      managed,
    );
    this.initialLoad.start(managed);
  }

  /**
   * Runs before any module closes (TypeORM closes the database in its own shutdown hook): start
   * no further sources of the boot-time load and let running refreshes finish, so none fails
   * half-way for lack of a connection.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.initialLoad.stop();
    await this.externalChanges.idle();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.stopAll();
    await this.store.close();
  }
}
