import { DynamicModule, Module } from '@nestjs/common';
import { CatalogKernelModule, CatalogKernelOptions, HealthModule } from '@catalog/plugin';
import { McpPluginModule } from '@catalog/plugins-mcp';
import { ModelPluginModule } from '@catalog/plugins-model';

/** The plugins this server ships with, in init order. */
export const DEFAULT_PLUGINS = [McpPluginModule, ModelPluginModule];

/** Composition root: the kernel plus the plugin modules it hosts, and the probe endpoints. */
@Module({})
export class AppModule {
  static forRoot(options: CatalogKernelOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CatalogKernelModule.forRoot(options), HealthModule],
    };
  }
}
