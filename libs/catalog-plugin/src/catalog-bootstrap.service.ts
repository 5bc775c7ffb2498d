import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { SourcesConfigService } from './config/sources-config.service';
import { DatabaseMigrator } from './database/database-migrator';
import { PluginRegistry } from './plugin/plugin-registry';
import { CONFIG_STORE, ConfigStore } from './store/config-store';

/**
 * Boot order: migrations (kernel and plugins) → sources view from the config store → plugin
 * init/start. Shutdown stops plugins in reverse order, then closes the store.
 */
@Injectable()
export class CatalogBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogBootstrap.name);

  constructor(
    private readonly migrator: DatabaseMigrator,
    private readonly sources: SourcesConfigService,
    private readonly registry: PluginRegistry,
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.migrator.migrate();
    const scopes = this.registry
      .all()
      .map(({ plugin }) => ({ plugin: plugin.name, configKey: plugin.configKey }));
    await this.sources.reload(scopes);
    await this.registry.initAll((plugin) => this.sources.section(plugin.configKey));
    this.logger.log({
      msg: 'catalog ready',
      plugins: this.registry.all().map((e) => ({ name: e.plugin.name, serving: e.status.serving })),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.stopAll();
    await this.store.close();
  }
}
