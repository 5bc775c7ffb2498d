import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiPropertyOptional({
    description: 'Path of the offending field, e.g. `mcpservers[2].toolCont`',
  })
  field?: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({ description: '1-based line in the YAML document' })
  line?: number;

  @ApiPropertyOptional({ description: '1-based column in the YAML document' })
  column?: number;
}

/** The one shape of every 4xx/5xx response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 'INVALID_ARGUMENT' })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details!: ErrorDetailDto[];

  @ApiProperty({ description: 'Echoes X-Request-Id' })
  requestId!: string;
}
