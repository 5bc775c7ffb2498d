import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PluginStatusDto {
  @ApiProperty() initialized!: boolean;
  @ApiProperty() serving!: boolean;
  @ApiPropertyOptional({ description: 'Why the plugin failed, when it did' }) lastError?: string;
}

export class ManagementCapabilitiesDto {
  @ApiProperty({ description: 'Sources can be listed and inspected' }) sources!: boolean;
  @ApiProperty({ description: 'Source content can be validated' }) validate!: boolean;
  @ApiProperty({
    description: 'Sources can be applied, enabled, disabled, deleted and rolled back',
  })
  apply!: boolean;
  @ApiProperty({ description: 'Sources can be refreshed on demand' }) refresh!: boolean;
  @ApiProperty({ description: 'Per-source diagnostics are available' }) diagnostics!: boolean;
  @ApiProperty({ type: [String], description: 'Source `type` values this plugin accepts' })
  providerTypes!: string[];
}

export class UiHintsDto {
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional() icon?: string;
  @ApiProperty() entityPath!: string;
  @ApiPropertyOptional({ type: [String] }) listColumns?: string[];
  @ApiPropertyOptional({ type: [String] }) detailFields?: string[];
  @ApiPropertyOptional({ type: [String] }) filterFields?: string[];
}

export class CliHintsDto {
  @ApiProperty() entityNoun!: string;
  @ApiProperty({ type: [String] }) tableColumns!: string[];
  @ApiPropertyOptional({ type: [String] }) examples?: string[];
}

export class PluginInfoDto {
  @ApiProperty({ example: 'mcp' }) name!: string;
  @ApiProperty({ example: 'v1alpha1' }) version!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'mcp', description: 'Section key under `catalogs:` in sources.yaml' })
  configKey!: string;
  @ApiProperty({ example: '/api/mcp_catalog/v1alpha1' }) basePath!: string;
  @ApiProperty() healthy!: boolean;
  @ApiPropertyOptional() healthMessage?: string;
  @ApiProperty({ type: PluginStatusDto }) status!: PluginStatusDto;
  @ApiProperty({
    type: [String],
    example: ['sources', 'refresh', 'diagnostics', 'ui-hints', 'cli-hints'],
  })
  capabilities!: string[];
  @ApiProperty({ type: ManagementCapabilitiesDto }) management!: ManagementCapabilitiesDto;
  @ApiPropertyOptional({ type: UiHintsDto }) uiHints?: UiHintsDto;
  @ApiPropertyOptional({ type: CliHintsDto }) cliHints?: CliHintsDto;
  @ApiProperty({ type: [String], description: 'Tables this plugin owns' }) entities!: string[];
}

export class PluginListDto {
  @ApiProperty({ type: [PluginInfoDto] }) plugins!: PluginInfoDto[];
  @ApiProperty() count!: number;
}
