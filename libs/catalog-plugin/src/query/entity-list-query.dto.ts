import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { EntityListQuery } from './list-query.types';
import { MAX_FILTER_QUERY_LENGTH } from './filter-query.parser';
import { STANDARD_ORDER_BY } from './list-ordering';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size';
import { splitListParam } from './source-scope';

const PAGE_SIZE_MESSAGE = `$property must be an integer between 1 and ${MAX_PAGE_SIZE}`;

/** `?source=a&source=b,c` → ['a', 'b', 'c']; anything that is not text is left for validation to reject. */
function toList({ value }: { value: unknown }): unknown {
  if (typeof value === 'string') return splitListParam(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return splitListParam(value as string[]);
  }
  return value;
}

function blankToUndefined({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** Query strings carry text; a well-formed integer becomes a number, anything else fails @IsInt. */
function toInteger({ value }: { value: unknown }): unknown {
  const v = blankToUndefined({ value });
  return typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
}

function toUpperCase({ value }: { value: unknown }): unknown {
  const v = blankToUndefined({ value });
  return typeof v === 'string' ? v.trim().toUpperCase() : v;
}

/** The list query parameters every plugin's entity list endpoint accepts. */
export class EntityListQueryDto implements EntityListQuery {
  @ApiPropertyOptional({
    description:
      'Filter expression: comparisons (=, !=, <, <=, >, >=, LIKE, ILIKE, IN (...), IS [NOT] NULL) ' +
      "combined with AND, OR, NOT and parentheses; strings in single quotes ('' escapes a quote). " +
      'Fields: filterable fields, name, id, sourceId, createTimeSinceEpoch, ' +
      'lastUpdateTimeSinceEpoch and customProperties.<key>. List fields match when any element does.',
    example: "license = 'Apache-2.0' AND (toolCount > 3 OR customProperties.team = 'ml')",
    maxLength: MAX_FILTER_QUERY_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FILTER_QUERY_LENGTH)
  filterQuery?: string;

  @ApiPropertyOptional({
    description: 'Case-insensitive substring search over the name and searchable fields',
  })
  @IsOptional()
  @IsString()
  q?: string;

  @ApiPropertyOptional({
    description: 'Name pattern (SQL LIKE: % matches any run of characters, _ any one character)',
    example: 'github%',
  })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Only these source ids (repeat the parameter or separate with commas)',
  })
  @Transform(toList)
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  source?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'Only sources with any of these labels; `null` selects sources without labels ' +
      '(repeat the parameter or separate with commas)',
  })
  @Transform(toList)
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  sourceLabel?: string[];

  @ApiPropertyOptional({
    description: 'Name of a query configured under namedQueries; combined with filterQuery by AND',
  })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  namedQuery?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Items per page',
  })
  @Transform(toInteger)
  @IsOptional()
  @IsInt({ message: PAGE_SIZE_MESSAGE })
  @Min(1, { message: PAGE_SIZE_MESSAGE })
  @Max(MAX_PAGE_SIZE, { message: PAGE_SIZE_MESSAGE })
  pageSize?: number;

  @ApiPropertyOptional({
    description:
      'Token from the previous page; only valid with the same filter and sort parameters',
  })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  nextPageToken?: string;

  @ApiPropertyOptional({
    description: `${STANDARD_ORDER_BY.join(', ')} or a sortable field name (default NAME)`,
    example: 'NAME',
  })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  orderBy?: string;

  @ApiPropertyOptional({ enum: ['ASC', 'DESC'], default: 'ASC', description: 'Case-insensitive' })
  @Transform(toUpperCase)
  @IsOptional()
  @IsIn(['ASC', 'DESC'], { message: '$property must be ASC or DESC' })
  sortOrder?: string;
}
