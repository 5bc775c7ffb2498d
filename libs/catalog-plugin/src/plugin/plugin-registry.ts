import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CatalogSection } from '../config/sources-config';
import { NotFoundError } from '../errors/catalog-errors';
import { CATALOG_PLUGIN, CatalogPlugin, PluginHealth } from './catalog-plugin';

export interface PluginStatus {
  initialized: boolean;
  serving: boolean;
  lastError?: string;
}

export interface RegisteredPlugin {
  plugin: CatalogPlugin;
  status: PluginStatus;
}

/**
 * Every plugin provided under the CATALOG_PLUGIN token, in discovery order, with its runtime
 * status. A plugin that fails to initialize stays listed (as failed) and never takes the
 * process down.
 */
@Injectable()
export class PluginRegistry implements OnModuleInit {
  private readonly logger = new Logger(PluginRegistry.name);
  private readonly entries = new Map<string, RegisteredPlugin>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.token !== CATALOG_PLUGIN || !wrapper.instance) continue;
      const plugin = wrapper.instance as CatalogPlugin;
      if (this.entries.has(plugin.name)) {
        throw new Error(`two plugins are named "${plugin.name}"`);
      }
      this.entries.set(plugin.name, { plugin, status: { initialized: false, serving: false } });
    }
  }

  all(): RegisteredPlugin[] {
    return [...this.entries.values()];
  }

  /** Plugins that initialized and serve requests. */
  serving(): CatalogPlugin[] {
    return this.all()
      .filter((e) => e.status.serving)
      .map((e) => e.plugin);
  }

  find(name: string): RegisteredPlugin | undefined {
    return this.entries.get(name);
  }

  get(name: string): RegisteredPlugin {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new NotFoundError(
        `unknown plugin "${name}"; known: ${[...this.entries.keys()].join(', ') || 'none'}`,
      );
    }
    return entry;
  }

  /** Initializes and starts each plugin in order; failures are isolated and recorded. */
  async initAll(sectionFor: (plugin: CatalogPlugin) => CatalogSection | undefined): Promise<void> {
    for (const entry of this.entries.values()) {
      const { plugin } = entry;
      try {
        await plugin.init(sectionFor(plugin));
        entry.status.initialized = true;
        if (plugin.start) await plugin.start();
        entry.status.serving = true;
        this.logger.log({ msg: 'plugin ready', plugin: plugin.name, version: plugin.version });
      } catch (err) {
        entry.status.serving = false;
        entry.status.lastError = err instanceof Error ? err.message : String(err);
        this.logger.error({
          msg: 'plugin failed to initialize',
          plugin: plugin.name,
          error: entry.status.lastError,
        });
      }
    }
  }

  /** Stops started plugins in reverse order; a failing stop does not prevent the others. */
  async stopAll(): Promise<void> {
    for (const entry of [...this.entries.values()].reverse()) {
      if (!entry.status.initialized || !entry.plugin.stop) continue;
      try {
        await entry.plugin.stop();
      } catch (err) {
        this.logger.error({
          msg: 'plugin stop failed',
          plugin: entry.plugin.name,
          error: String(err),
        });
      }
      entry.status.serving = false;
    }
  }

  async healthOf(entry: RegisteredPlugin): Promise<PluginHealth> {
    if (!entry.status.serving) {
      return { healthy: false, message: entry.status.lastError ?? 'not serving' };
    }
    if (!entry.plugin.health) return { healthy: true };
    try {
      return await entry.plugin.health();
    } catch (err) {
      return { healthy: false, message: err instanceof Error ? err.message : String(err) };
    }
  }
}
