import { ApiProperty, ApiPropertyOptional, PickType, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { EntityListQueryDto, splitListParam } from '@catalog/plugin';
import { METADATA_VALUE_KEYS } from './metadata-value';
import { ARTIFACT_TYPES, METRICS_TYPES } from './model-content.schema';

// ---- responses (field names and types as in the upstream model catalog contract) -------------

export class MetadataValueDto {
  @ApiProperty({ enum: Object.keys(METADATA_VALUE_KEYS) }) metadataType!: string;
  @ApiPropertyOptional() string_value?: string;
  @ApiPropertyOptional({ pattern: '^-?([1-9][0-9]{0,8}|0)$', description: 'An integer, as text' })
  int_value?: string;
  @ApiPropertyOptional({ format: 'double' }) double_value?: number;
  @ApiPropertyOptional() bool_value?: boolean;
  @ApiPropertyOptional({ format: 'byte' }) struct_value?: string;
  @ApiPropertyOptional({ description: 'Type URL of a proto value' }) type?: string;
  @ApiPropertyOptional({ format: 'byte' }) proto_value?: string;
}

const customProperties = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(MetadataValueDto) },
  description: 'Typed values: metadataType plus the matching *_value',
  example: { model_type: { metadataType: 'MetadataStringValue', string_value: 'generative' } },
} as const;

const epochMillis = { example: '1737331200000', description: 'Epoch milliseconds, as a string' };

export class CatalogModelDto {
  @ApiProperty({ example: 'mistralai/Mistral-7B-Instruct-v0.3' }) name!: string;
  @ApiProperty({ example: 'huggingface-sample', description: 'Source that provides this model' })
  source_id!: string;
  @ApiProperty({ example: '42', description: 'Server-generated id' }) id!: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ description: 'Model card (Markdown)' }) readme?: string;
  @ApiPropertyOptional({ example: 'Generally Available' }) maturity?: string;
  @ApiPropertyOptional({ type: [String], example: ['en', 'fr'] }) language?: string[];
  @ApiPropertyOptional({ type: [String], example: ['text-generation'] }) tasks?: string[];
  @ApiPropertyOptional({ example: 'IBM' }) provider?: string;
  @ApiPropertyOptional({ format: 'uri', description: 'Logo URL (often a data URL)' })
  logo?: string;
  @ApiPropertyOptional({ example: 'apache-2.0' }) license?: string;
  @ApiPropertyOptional({ format: 'uri' }) licenseLink?: string;
  @ApiPropertyOptional({ example: 'transformers' }) libraryName?: string;
  @ApiPropertyOptional(customProperties) customProperties?: Record<string, MetadataValueDto>;
  @ApiProperty({
    ...epochMillis,
    description: "The catalog's createTimeSinceEpoch when it states one, else when first loaded",
  })
  createTimeSinceEpoch!: string;
  @ApiProperty({
    ...epochMillis,
    description:
      "The catalog's lastUpdateTimeSinceEpoch when it states one, else when last changed",
  })
  lastUpdateTimeSinceEpoch!: string;
}

class PageFieldsDto {
  @ApiProperty({ description: 'Items in this page' }) size!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Token for the next page; empty on the last page' })
  nextPageToken!: string;
}

export class CatalogModelListDto extends PageFieldsDto {
  @ApiProperty({ type: [CatalogModelDto] }) items!: CatalogModelDto[];
}

/** Upstream CatalogArtifact: a model artifact (`uri`) or a metrics artifact (`metricsType`). */
export class CatalogArtifactDto {
  @ApiProperty({ enum: ARTIFACT_TYPES }) artifactType!: string;
  @ApiPropertyOptional({ format: 'uri', description: 'Model artifacts: where to get the model' })
  uri?: string;
  @ApiPropertyOptional({ enum: METRICS_TYPES, description: 'Metrics artifacts' })
  metricsType?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() externalId?: string;
  @ApiPropertyOptional(customProperties) customProperties?: Record<string, MetadataValueDto>;
  @ApiProperty({ example: '7', description: 'Server-generated id' }) id!: string;
  @ApiProperty(epochMillis) createTimeSinceEpoch!: string;
  @ApiProperty(epochMillis) lastUpdateTimeSinceEpoch!: string;
}

export class CatalogArtifactListDto extends PageFieldsDto {
  @ApiProperty({ type: [CatalogArtifactDto] }) items!: CatalogArtifactDto[];
}

export class CatalogSourceDto {
  @ApiProperty({ example: 'huggingface-sample' }) id!: string;
  @ApiProperty({ example: 'Hugging Face' }) name!: string;
  @ApiProperty({ type: [String] }) labels!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiPropertyOptional({
    enum: ['available', 'error', 'disabled'],
    description: 'From the last refresh; absent until an enabled source was first refreshed',
  })
  status?: string;
  @ApiPropertyOptional({ description: 'Why the last refresh failed (status error only)' })
  error?: string;
  @ApiPropertyOptional({ type: [String], description: 'includedItems of the source' })
  includedModels?: string[];
  @ApiPropertyOptional({ type: [String], description: 'excludedItems of the source' })
  excludedModels?: string[];
  @ApiProperty({ enum: ['models'] }) assetType!: string;
}

export class CatalogSourceListDto extends PageFieldsDto {
  @ApiProperty({ type: [CatalogSourceDto] }) items!: CatalogSourceDto[];
}

/** A label declared under `catalogs.models.labels`; any further string keys are passed through. */
export class CatalogLabelDto {
  @ApiProperty({ example: 'validated' }) name!: string;
  @ApiPropertyOptional({ example: 'Validated' }) displayName?: string;
  @ApiPropertyOptional() description?: string;
}

export class CatalogLabelListDto extends PageFieldsDto {
  @ApiProperty({ type: [CatalogLabelDto] }) items!: CatalogLabelDto[];
}

// ---- request parameters ---------------------------------------------------------------------

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
/** `?artifactType=a&artifactType=b,c` → ['a', 'b', 'c']; non-text is left for validation. */
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    ? splitListParam(value as string | string[])
    : value;

const IGNORED =
  'Accepted for upstream compatibility and ignored: this catalog makes no ' +
  'performance-based recommendations';

/**
 * Upstream findModels parameters. The recommendation parameters (`recommendations`, `targetRPS`,
 * `*Property`) are accepted so upstream clients keep working, and have no effect.
 */
export class ModelListQueryDto extends EntityListQueryDto {
  @ApiPropertyOptional({ description: IGNORED })
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  recommendations?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: IGNORED })
  @Transform(toInteger)
  @IsOptional()
  @IsInt()
  targetRPS?: number;

  @ApiPropertyOptional({ description: IGNORED }) @IsOptional() @IsString() latencyProperty?: string;
  @ApiPropertyOptional({ description: IGNORED }) @IsOptional() @IsString() rpsProperty?: string;
  @ApiPropertyOptional({ description: IGNORED })
  @IsOptional()
  @IsString()
  hardwareCountProperty?: string;
  @ApiPropertyOptional({ description: IGNORED })
  @IsOptional()
  @IsString()
  hardwareTypeProperty?: string;
}

const ARTIFACT_TYPE_MESSAGE = `$property values must be ${ARTIFACT_TYPES.join(' or ')}`;

/** Upstream getAllModelArtifacts parameters. */
export class ArtifactListQueryDto extends PickType(EntityListQueryDto, [
  'filterQuery',
  'pageSize',
  'nextPageToken',
  'sortOrder',
]) {
  @ApiPropertyOptional({
    example: 'ID',
    description:
      'ID (default: the order of the catalog content), NAME, CREATE_TIME, LAST_UPDATE_TIME, ' +
      'artifactType or metricsType',
  })
  @IsOptional()
  @IsString()
  orderBy?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: ARTIFACT_TYPES,
    description: 'Only these artifact types (repeat the parameter or separate with commas)',
  })
  @Transform(toList)
  @IsOptional()
  @IsArray()
  @IsIn(ARTIFACT_TYPES, { each: true, message: ARTIFACT_TYPE_MESSAGE })
  artifactType?: string[];

  @ApiPropertyOptional({
    type: [String],
    enum: ARTIFACT_TYPES,
    deprecated: true,
    description: 'Deprecated upstream spelling of artifactType; both are combined',
  })
  @Transform(toList)
  @IsOptional()
  @IsArray()
  @IsIn(ARTIFACT_TYPES, { each: true, message: ARTIFACT_TYPE_MESSAGE })
  artifact_type?: string[];
}

const ASSET_TYPE_MESSAGE =
  'assetType must be models here; MCP servers are served under /api/mcp_catalog/v1alpha1';

export class SourceListQueryDto extends PickType(EntityListQueryDto, [
  'pageSize',
  'nextPageToken',
  'sortOrder',
]) {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the source name' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ enum: ['ID', 'NAME'], default: 'ID', description: 'Case-insensitive' })
  @IsOptional()
  @IsString()
  orderBy?: string;

  @ApiPropertyOptional({ enum: ['models'], default: 'models' })
  @IsOptional()
  @IsIn(['models'], { message: ASSET_TYPE_MESSAGE })
  assetType?: string;
}

export class LabelListQueryDto extends PickType(EntityListQueryDto, [
  'pageSize',
  'nextPageToken',
  'sortOrder',
]) {
  @ApiPropertyOptional({
    example: 'name',
    description:
      'A label key: labels that have it come first, ordered by its value; the others follow',
  })
  @IsOptional()
  @IsString()
  orderBy?: string;

  @ApiPropertyOptional({ enum: ['models'], default: 'models' })
  @IsOptional()
  @IsIn(['models'], { message: ASSET_TYPE_MESSAGE })
  assetType?: string;
}
