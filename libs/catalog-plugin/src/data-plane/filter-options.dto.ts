import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FilterOptionRangeDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
}

export class FilterOptionDto {
  @ApiProperty({ enum: ['string', 'number'] }) type!: 'string' | 'number';
  @ApiPropertyOptional({
    type: 'array',
    items: {},
    description: 'Distinct values (strings, booleans, list elements)',
  })
  values?: unknown[];
  @ApiPropertyOptional({ type: FilterOptionRangeDto, description: 'Min and max of a number field' })
  range?: FilterOptionRangeDto;
}

export class FilterOptionsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FilterOptionDto' },
  })
  filters!: Record<string, FilterOptionDto>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object' },
    description: 'namedQueries from sources.yaml: name → { field: { operator, value } }',
  })
  namedQueries!: Record<string, unknown>;
}
