import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorDetailDto } from '../../http/error-response.dto';
import { ManagementCapabilitiesDto } from '../../plugin/plugins.dto';
import { SourceConfigDto } from './source-config.dto';

export class ValidationLayerResultDto {
  @ApiProperty({
    enum: ['yaml_parse', 'strict_fields', 'semantic', 'security_warnings', 'provider'],
  })
  layer!: string;
  @ApiProperty({ enum: ['passed', 'failed', 'skipped'] }) status!: string;
  @ApiProperty({ type: [ErrorDetailDto] }) errors!: ErrorDetailDto[];
  @ApiProperty({ type: [ErrorDetailDto] }) warnings!: ErrorDetailDto[];
  @ApiPropertyOptional() reason?: string;
}

export class ValidationReportDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: [ErrorDetailDto] }) errors!: ErrorDetailDto[];
  @ApiProperty({ type: [ErrorDetailDto], description: 'Never make the edit invalid' })
  warnings!: ErrorDetailDto[];
  @ApiProperty({ type: [ValidationLayerResultDto], description: 'In pipeline order' })
  layerResults!: ValidationLayerResultDto[];
  @ApiPropertyOptional() normalizedYaml?: string;
}

export class EntityNamesDto {
  @ApiProperty({ type: [String] }) added!: string[];
  @ApiProperty({ type: [String] }) removed!: string[];
  @ApiProperty({ type: [String] }) changed!: string[];
  @ApiProperty({ type: [String] }) unchanged!: string[];
}

export class EntityDiffSummaryDto {
  @ApiProperty() added!: number;
  @ApiProperty() removed!: number;
  @ApiProperty() changed!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: EntityNamesDto, description: 'First 50 names of each kind' })
  names!: EntityNamesDto;
}

export class ConfigKeysDiffDto {
  @ApiProperty({ type: [String] }) added!: string[];
  @ApiProperty({ type: [String] }) removed!: string[];
  @ApiProperty({ type: [String] }) changed!: string[];
}

export class DiffSummaryDto {
  @ApiProperty() linesAdded!: number;
  @ApiProperty() linesRemoved!: number;
  @ApiProperty({ type: ConfigKeysDiffDto }) configKeys!: ConfigKeysDiffDto;
  @ApiPropertyOptional({ type: EntityDiffSummaryDto }) entities?: EntityDiffSummaryDto;
  @ApiProperty() critical!: boolean;
  @ApiProperty({ type: [String] }) criticalReasons!: string[];
}

export class RefreshResultDto {
  @ApiProperty() sourceId!: string;
  @ApiProperty({ enum: ['success', 'error'] }) status!: string;
  @ApiProperty() entitiesLoaded!: number;
  @ApiProperty() added!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() removed!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty() finishedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [ErrorDetailDto] }) errors!: ErrorDetailDto[];
}

export class RefreshTotalsDto {
  @ApiProperty() sources!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() entitiesLoaded!: number;
  @ApiProperty() added!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() removed!: number;
  @ApiProperty() unchanged!: number;
}

export class PluginRefreshResultDto {
  @ApiProperty() plugin!: string;
  @ApiProperty({ type: [RefreshResultDto] }) results!: RefreshResultDto[];
  @ApiProperty({ type: RefreshTotalsDto }) totals!: RefreshTotalsDto;
  @ApiProperty() startedAt!: string;
  @ApiProperty() finishedAt!: string;
  @ApiProperty() durationMs!: number;
}

export class ApplyResponseDto {
  @ApiPropertyOptional({
    description: 'The revision now stored (absent on dryRun)',
    nullable: true,
  })
  appliedRevision!: string | null;
  @ApiPropertyOptional({ nullable: true }) previousRevision!: string | null;
  @ApiProperty({ description: 'The apply created the source' }) created!: boolean;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: DiffSummaryDto }) diffSummary!: DiffSummaryDto;
  @ApiProperty({ type: [ErrorDetailDto] }) warnings!: ErrorDetailDto[];
  @ApiPropertyOptional({ type: RefreshResultDto }) refreshResult?: RefreshResultDto;
}

export class SourceStatusDto {
  @ApiProperty({ enum: ['available', 'error', 'disabled', 'loading'] }) state!: string;
  @ApiProperty({ description: 'Entities of this source served now' }) entityCount!: number;
  @ApiPropertyOptional({ nullable: true }) lastRefreshTime!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['success', 'error'] }) lastRefreshStatus!:
    string | null;
  @ApiPropertyOptional({ nullable: true }) lastRefreshSummary!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastError!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastSuccessTime!: string | null;
  @ApiPropertyOptional({ nullable: true }) durationMs!: number | null;
}

export class ManagedSourceDto extends SourceConfigDto {
  @ApiProperty({ description: 'sources.yaml file (or ConfigMap key) the entry lives in' })
  origin!: string;
  @ApiProperty({ description: 'Revision of entry + content (use as expectedRevision / If-Match)' })
  revision!: string;
  @ApiProperty({ type: SourceStatusDto }) status!: SourceStatusDto;
}

export class SourceListDto {
  @ApiProperty({ type: [ManagedSourceDto] }) items!: ManagedSourceDto[];
  @ApiProperty() size!: number;
}

export class SourceDetailDto {
  @ApiProperty({ type: SourceConfigDto, description: 'Sensitive property values redacted' })
  source!: SourceConfigDto;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Content as stored (comments kept), sensitive values redacted',
  })
  rawYaml!: string | null;
  @ApiProperty() origin!: string;
  @ApiProperty() revision!: string;
}

export class RevisionInfoDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() author!: string;
  @ApiProperty({ enum: ['apply', 'enable', 'disable', 'delete', 'rollback'] }) action!: string;
  @ApiProperty({ description: 'Bytes of the content' }) size!: number;
  @ApiProperty() contentHash!: string;
  @ApiPropertyOptional({ description: 'Older revisions evicted to respect a storage limit' })
  olderRevisionsEvicted?: number;
}

export class RevisionListDto {
  @ApiProperty({ type: [RevisionInfoDto], description: 'Newest first' }) items!: RevisionInfoDto[];
  @ApiProperty() size!: number;
}

export class RevisionContentDto extends RevisionInfoDto {
  @ApiPropertyOptional({ type: SourceConfigDto, nullable: true }) source!: SourceConfigDto | null;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Exact stored content of the revision, sensitive values redacted',
  })
  rawYaml!: string | null;
}

export class DeleteResponseDto {
  @ApiProperty() deleted!: boolean;
  @ApiProperty({ description: 'Entities removed with the source' }) entitiesRemoved!: number;
  @ApiPropertyOptional({ nullable: true }) previousRevision!: string | null;
  @ApiProperty({ description: 'Revision id recorded for the deletion' }) appliedRevision!: string;
}

export class StateChangeResponseDto {
  @ApiProperty() appliedRevision!: string;
  @ApiPropertyOptional({ nullable: true }) previousRevision!: string | null;
  @ApiPropertyOptional({ type: RefreshResultDto }) refreshResult?: RefreshResultDto;
}

export class ManagementPluginDto {
  @ApiProperty() name!: string;
  @ApiProperty() version!: string;
  @ApiProperty() description!: string;
  @ApiProperty() configKey!: string;
  @ApiProperty() serving!: boolean;
  @ApiProperty({ type: ManagementCapabilitiesDto }) management!: ManagementCapabilitiesDto;
  @ApiProperty() sourceCount!: number;
  @ApiProperty() enabledSourceCount!: number;
}

export class ManagementPluginListDto {
  @ApiProperty({ type: [ManagementPluginDto] }) items!: ManagementPluginDto[];
  @ApiProperty() size!: number;
}

export class SourceDiagnosticsDto {
  @ApiProperty() sourceId!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: SourceStatusDto }) status!: SourceStatusDto;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Problem reading the stored content, if any',
  })
  contentError!: string | null;
  @ApiProperty() refreshing!: boolean;
}

export class PluginDiagnosticsDto {
  @ApiProperty() plugin!: string;
  @ApiProperty() serving!: boolean;
  @ApiPropertyOptional({ nullable: true }) pluginError!: string | null;
  @ApiProperty({ enum: ['pending', 'running', 'done'] }) initialLoad!: string;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Last failed reload of the configuration (the previous view keeps serving)',
  })
  configError!: string | null;
  @ApiProperty({ type: [SourceDiagnosticsDto] }) sources!: SourceDiagnosticsDto[];
  @ApiProperty() totalEntities!: number;
}
