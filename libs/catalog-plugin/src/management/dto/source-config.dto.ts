import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';

/** A source entry of sources.yaml, as sent to validate/apply (checked by the strict_fields layer). */
export class SourceConfigDto {
  @ApiProperty({ example: 'team-mcp' }) @IsString() @IsNotEmpty() id!: string;
  @ApiProperty({ example: 'Team MCP servers' }) @IsString() @IsNotEmpty() name!: string;
  @ApiProperty({ example: 'yaml', description: 'Provider type' })
  @IsString()
  @IsNotEmpty()
  type!: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  labels?: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Provider-specific; sensitive values should be SecretRefs { name, namespace?, key }',
    example: { yamlCatalogPath: 'mcp/team-mcp.yaml' },
  })
  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: [String],
    description: 'Glob patterns (`*`) on entity names to include',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  includedItems?: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'Glob patterns on entity names to exclude (wins over includedItems)',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  excludedItems?: string[];
}
