import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiBadRequestResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  CATALOG_PLUGIN,
  CatalogReadService,
  ErrorResponseDto,
  FilterOptionDto,
  FilterOptionsDto,
  PluginRoute,
} from '@catalog/plugin';
import { McpPlugin } from './mcp.plugin';
import { McpServerDto, McpServerListDto, McpServerListQueryDto } from './mcp-server.dto';

@ApiTags('mcp catalog')
@ApiExtraModels(FilterOptionDto)
@PluginRoute('mcp')
@Controller('api/mcp_catalog/v1alpha1/mcp_servers')
export class McpServersController {
  constructor(
    @Inject(CATALOG_PLUGIN) private readonly plugin: McpPlugin,
    private readonly read: CatalogReadService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List MCP servers of enabled sources (filter, search, keyset paging)' })
  @ApiOkResponse({ type: McpServerListDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Bad filterQuery (with position), paging or sort parameter',
  })
  list(@Query() query: McpServerListQueryDto): Promise<McpServerListDto> {
    return this.read.list(this.plugin, query) as unknown as Promise<McpServerListDto>;
  }

  @Get('filter_options')
  @ApiOperation({
    summary: 'Filterable fields with their values (strings) or ranges (numbers), and named queries',
  })
  @ApiOkResponse({ type: FilterOptionsDto })
  filterOptions(): Promise<FilterOptionsDto> {
    return this.read.filterOptions(this.plugin) as Promise<FilterOptionsDto>;
  }

  @Get(':server_id')
  @ApiOperation({ summary: 'Get one MCP server by id' })
  @ApiParam({ name: 'server_id', description: 'Server id from the list' })
  @ApiOkResponse({ type: McpServerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('server_id') id: string): Promise<McpServerDto> {
    return this.plugin.catalog.toApiItem(
      await this.read.getById(this.plugin, id),
    ) as unknown as McpServerDto;
  }
}
