import { Injectable, Module } from '@nestjs/common';
import {
  CATALOG_PLUGIN,
  CatalogDefinition,
  CatalogPluginSchema,
  ContentProvider,
  yamlContentProvider,
} from '@catalog/plugin';
import { MCP_PLUGIN_SCHEMA, McpPlugin, McpServersController } from '@catalog/plugins-mcp';

/**
 * Holds every content read until released: makes the boot-time load observably "in progress"
 * for as long as a test needs, without sleeps.
 */
export class ContentGate {
  private open = false;
  private readonly held: Array<() => void> = [];
  private readonly arrivalWaiters: Array<{ n: number; resolve: () => void }> = [];
  arrivals = 0;

  async pass(): Promise<void> {
    this.arrivals++;
    for (const w of this.arrivalWaiters.filter((w) => this.arrivals >= w.n)) {
      this.arrivalWaiters.splice(this.arrivalWaiters.indexOf(w), 1);
      w.resolve();
    }
    if (this.open) return;
    await new Promise<void>((resolve) => this.held.push(resolve));
  }

  /** Resolves once `n` reads have reached the gate. */
  arrived(n = 1): Promise<void> {
    if (this.arrivals >= n) return Promise.resolve();
    return new Promise((resolve) => this.arrivalWaiters.push({ n, resolve }));
  }

  release(): void {
    this.open = true;
    for (const resolve of this.held.splice(0)) resolve();
  }

  reset(): void {
    this.release();
    this.open = false;
    this.arrivals = 0;
  }
}

export const contentGate = new ContentGate();

/** The yaml provider, except that reading content waits at the gate first. */
const gatedYamlProvider: ContentProvider = Object.assign(
  Object.create(yamlContentProvider) as ContentProvider,
  {
    readContent: async (...args: Parameters<ContentProvider['readContent']>): Promise<string> => {
      await contentGate.pass();
      return yamlContentProvider.readContent(...args);
    },
    readContentBytes: async (
      ...args: Parameters<ContentProvider['readContent']>
    ): Promise<Buffer> => {
      await contentGate.pass();
      return yamlContentProvider.readContentBytes!(...args);
    },
  },
);

const mcpCatalog = new McpPlugin().catalog;

/** The MCP plugin (same name, tables and routes) whose content reads wait at `contentGate`. */
@Injectable()
class GatedMcpPlugin extends McpPlugin {
  override readonly catalog: CatalogDefinition = { ...mcpCatalog, providers: [gatedYamlProvider] };
}

@Module({
  providers: [{ provide: CATALOG_PLUGIN, useClass: GatedMcpPlugin }],
  controllers: [McpServersController],
})
export class GatedMcpPluginModule {
  static readonly schema: CatalogPluginSchema = MCP_PLUGIN_SCHEMA;
}
