import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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
import { ARTIFACTS } from './catalog-model.model';
import { toCatalogSourceItem } from './model-api-items';
import {
  ArtifactListQueryDto,
  CatalogArtifactListDto,
  CatalogLabelListDto,
  CatalogModelDto,
  CatalogModelListDto,
  CatalogSourceListDto,
  LabelListQueryDto,
  MetadataValueDto,
  ModelListQueryDto,
  SourceListQueryDto,
} from './model-catalog.dto';
import { ModelPlugin } from './model.plugin';

const BAD_REQUEST = {
  type: ErrorResponseDto,
  description: 'Bad filterQuery (with position), paging, sort or filter parameter',
};

/**
 * A model name may contain `/` (`mistralai/Mistral-7B-Instruct-v0.3`), written raw or as `%2F`: a
 * multi-segment wildcard takes the rest of the path. Express hands it over as its decoded segments.
 */
function modelName(segments: string | string[]): string {
  return Array.isArray(segments) ? segments.join('/') : segments;
}

const MODEL_NAME_PARAM = {
  name: 'model_name',
  description:
    'Model name; slashes may be written raw or as %2F. A raw trailing /artifacts always means the ' +
    "model's artifact list: a model whose name itself ends in /artifacts is reached by writing " +
    'that slash as %2F.',
};

/** The upstream model catalog REST contract (`/api/model_catalog/v1alpha1`). */
@ApiTags('model catalog')
@ApiExtraModels(FilterOptionDto, MetadataValueDto)
@PluginRoute('model')
@Controller('api/model_catalog/v1alpha1')
export class ModelCatalogController {
  constructor(
    @Inject(CATALOG_PLUGIN) private readonly plugin: ModelPlugin,
    private readonly read: CatalogReadService,
  ) {}

  @Get('sources')
  @ApiOperation({
    summary: 'List model sources, enabled or not, with the status of their last refresh',
  })
  @ApiOkResponse({ type: CatalogSourceListDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  async sources(@Query() query: SourceListQueryDto): Promise<CatalogSourceListDto> {
    const page = await this.read.listSources(this.plugin, query);
    return { ...page, items: page.items.map(toCatalogSourceItem) };
  }

  @Get('models')
  @ApiOperation({
    summary: 'List models of enabled sources (filter, search, keyset paging)',
  })
  @ApiOkResponse({ type: CatalogModelListDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  models(@Query() query: ModelListQueryDto): Promise<CatalogModelListDto> {
    return this.read.list(this.plugin, query) as unknown as Promise<CatalogModelListDto>;
  }

  @Get('models/filter_options')
  @ApiOperation({
    summary:
      'Filterable fields with their values (strings, list elements) or ranges, and named queries',
  })
  @ApiOkResponse({ type: FilterOptionsDto })
  filterOptions(): Promise<FilterOptionsDto> {
    return this.read.filterOptions(this.plugin) as Promise<FilterOptionsDto>;
  }

  // Declared before the model route: Express tries routes in order, and the model route's
  // wildcard would also match ".../artifacts".
  @Get('sources/:source_id/models/*model_name/artifacts')
  @ApiOperation({ summary: "List a model's artifacts (model and metrics artifacts)" })
  @ApiParam({ name: 'source_id', description: 'Source id' })
  @ApiParam(MODEL_NAME_PARAM)
  @ApiOkResponse({ type: CatalogArtifactListDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown source or model' })
  async artifacts(
    @Param('source_id') sourceId: string,
    @Param('model_name') name: string | string[],
    @Query() query: ArtifactListQueryDto,
  ): Promise<CatalogArtifactListDto> {
    const model = await this.read.getByName(this.plugin, sourceId, modelName(name));
    const { artifactType = [], artifact_type = [], ...list } = query;
    return (await this.read.listChildren(this.plugin, model, ARTIFACTS, {
      ...list,
      // Content order (ids are assigned in it) unless asked otherwise.
      orderBy: list.orderBy?.trim() || 'ID',
      fieldValues: { artifactType: [...artifactType, ...artifact_type] },
    })) as unknown as CatalogArtifactListDto;
  }

  @Get('sources/:source_id/models/*model_name')
  @ApiOperation({ summary: 'Get one model by source and name' })
  @ApiParam({ name: 'source_id', description: 'Source id' })
  @ApiParam(MODEL_NAME_PARAM)
  @ApiOkResponse({ type: CatalogModelDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown source or model' })
  async model(
    @Param('source_id') sourceId: string,
    @Param('model_name') name: string | string[],
  ): Promise<CatalogModelDto> {
    return this.plugin.catalog.toApiItem(
      await this.read.getByName(this.plugin, sourceId, modelName(name)),
    ) as unknown as CatalogModelDto;
  }

  @Get('labels')
  @ApiOperation({ summary: 'List the labels declared under catalogs.models.labels' })
  @ApiOkResponse({ type: CatalogLabelListDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  labels(@Query() query: LabelListQueryDto): CatalogLabelListDto {
    return this.read.listLabels(this.plugin, query) as CatalogLabelListDto;
  }
}
