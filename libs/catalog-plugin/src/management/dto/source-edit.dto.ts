import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { SourceConfigDto } from './source-config.dto';

export class SourceEditOptionsDto {
  @ApiPropertyOptional({
    description: 'Refresh the source right after saving (the UI sends true)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  refreshAfterApply?: boolean;

  @ApiPropertyOptional({
    description: 'Save only if the stored revision is still this one (same as If-Match)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  expectedRevision?: string;

  @ApiPropertyOptional({
    description: 'Validate and compute the diff summary; write nothing',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description: 'Required for critical changes (type, content pointer, removing more than half)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  confirmCriticalChanges?: boolean;
}

/**
 * Body of :validate and :apply. `source` is checked by the validation pipeline's strict_fields
 * layer (so its problems come back in the report); unknown keys of the envelope itself are a 400.
 */
export class SourceEditRequestDto {
  @ApiPropertyOptional({
    type: SourceConfigDto,
    description: 'The source entry; omit to keep the stored one',
  })
  @IsOptional()
  @IsObject()
  source?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'The catalog content (YAML); omit to keep the stored content',
    maxLength: 1048576,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2 * 1024 * 1024)
  rawYaml?: string;

  @ApiPropertyOptional({ type: SourceEditOptionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceEditOptionsDto)
  options?: SourceEditOptionsDto;
}

export class RollbackRequestDto {
  @ApiProperty({ description: 'Revision id from the revisions list' })
  @IsString()
  @IsNotEmpty()
  revisionId!: string;

  @ApiPropertyOptional({ default: true, description: 'Refresh the source after restoring' })
  @IsOptional()
  @IsBoolean()
  refreshAfterApply?: boolean;
}

/** Bodies of :enable, :disable and :refresh are optional and empty. */
export class EmptyRequestDto {}

export const ROLES = ['viewer', 'operator'] as const;
export class RoleDto {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: string;
}
