import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIG_STORE, ConfigStore } from '../store/config-store';
import { defaultBasePath, hasCliHints, hasUiHints } from './catalog-plugin';
import { capabilitiesOf, managementCapabilitiesOf } from './plugin-capabilities';
import { PluginRegistry } from './plugin-registry';
import { PluginInfoDto, PluginListDto } from './plugins.dto';

@ApiTags('plugins')
@Controller('api/plugins')
export class PluginsController {
  constructor(
    private readonly registry: PluginRegistry,
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List every registered plugin, including ones that failed to initialize',
  })
  @ApiOkResponse({ type: PluginListDto })
  async list(): Promise<PluginListDto> {
    const plugins: PluginInfoDto[] = [];
    for (const entry of this.registry.all()) {
      const { plugin, status } = entry;
      const health = await this.registry.healthOf(entry);
      const info: PluginInfoDto = {
        name: plugin.name,
        version: plugin.version,
        description: plugin.description,
        configKey: plugin.configKey,
        basePath: defaultBasePath(plugin),
        healthy: health.healthy,
        status: { ...status },
        capabilities: capabilitiesOf(plugin),
        management: managementCapabilitiesOf(plugin, this.store.writable),
        entities: plugin.entities.map((e) => e.name),
      };
      if (health.message) info.healthMessage = health.message;
      if (hasUiHints(plugin)) info.uiHints = plugin.uiHints();
      if (hasCliHints(plugin)) info.cliHints = plugin.cliHints();
      plugins.push(info);
    }
    return { plugins, count: plugins.length };
  }
}
