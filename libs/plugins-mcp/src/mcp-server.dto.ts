import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { EntityListQueryDto } from '@catalog/plugin';

/** An MCP server: id, source_id, the 19 catalog fields and epoch-millisecond timestamps. */
export class McpServerDto {
  @ApiProperty({ example: '42', description: 'Server-generated id' }) id!: string;
  @ApiProperty({ example: 'sample-mcp-servers', description: 'Source that provides this server' })
  source_id!: string;
  @ApiProperty({ example: 'github-mcp-server' }) name!: string;
  @ApiPropertyOptional() externalId?: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ example: 'https://api.github.com/mcp' }) serverUrl!: string;
  @ApiPropertyOptional({ enum: ['stdio', 'http', 'sse'] }) transportType?: string;
  @ApiPropertyOptional({ minimum: 0 }) toolCount?: number;
  @ApiPropertyOptional({ minimum: 0 }) resourceCount?: number;
  @ApiPropertyOptional({ minimum: 0 }) promptCount?: number;
  @ApiPropertyOptional({ enum: ['local', 'remote'] }) deploymentMode?: string;
  @ApiPropertyOptional() image?: string;
  @ApiPropertyOptional() endpoint?: string;
  @ApiPropertyOptional({
    example: 'stdio,http',
    description: 'Comma-separated subset of stdio, http, sse',
  })
  supportedTransports?: string;
  @ApiPropertyOptional() license?: string;
  @ApiPropertyOptional() verified?: boolean;
  @ApiPropertyOptional() certified?: boolean;
  @ApiPropertyOptional() provider?: string;
  @ApiPropertyOptional() logo?: string;
  @ApiPropertyOptional() category?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) customProperties?: Record<
    string,
    unknown
  >;
  @ApiProperty({ example: '1764547200000', description: 'Epoch milliseconds, as a string' })
  createTimeSinceEpoch!: string;
  @ApiProperty({ example: '1764547200000', description: 'Epoch milliseconds, as a string' })
  lastUpdateTimeSinceEpoch!: string;
}

export class McpServerListDto {
  @ApiProperty({ type: [McpServerDto] }) items!: McpServerDto[];
  @ApiProperty({ description: 'Items in this page' }) size!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Token for the next page; empty on the last page' })
  nextPageToken!: string;
}

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** Upstream list parameters; tool details are not part of this catalog's content. */
export class McpServerListQueryDto extends EntityListQueryDto {
  @ApiPropertyOptional({
    description: 'Accepted for upstream compatibility; servers carry no tool list here',
  })
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  includeTools?: boolean;

  @ApiPropertyOptional({ description: 'Accepted for upstream compatibility; see includeTools' })
  @Transform(toInteger)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  toolLimit?: number;
}
