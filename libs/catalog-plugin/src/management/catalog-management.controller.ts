import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '../http/error-response.dto';
import { requestIdOf } from '../http/request-id';
import { callerOf } from './auth/management-access.guard';
import {
  ApplyResponseDto,
  DeleteResponseDto,
  ManagementPluginListDto,
  PluginDiagnosticsDto,
  PluginRefreshResultDto,
  RefreshResultDto,
  RevisionContentDto,
  RevisionListDto,
  SourceDetailDto,
  SourceDiagnosticsDto,
  SourceListDto,
  StateChangeResponseDto,
  ValidationReportDto,
} from './dto/management-responses.dto';
import { RollbackRequestDto, SourceEditRequestDto } from './dto/source-edit.dto';
import { RequestContext, SourceManagementService } from './source-management.service';
import { SourceIdParamPipe } from './source-id-param.pipe';

const PluginParam = () =>
  ApiParam({ name: 'plugin', description: 'Plugin name, e.g. `mcp` or `model`' });
const SourceParam = () => ApiParam({ name: 'id', description: 'Source id' });
const IfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Revision the change is based on (409 when stale)',
  });

/**
 * The management plane (seed steps 01–03). Custom methods use the `:verb` suffix; the router
 * matches it literally, so a mistyped verb is a 404. Access control: ManagementAccessGuard.
 */
@ApiTags('catalog management')
@ApiUnauthorizedResponse({
  type: ErrorResponseDto,
  description: 'Token mode: missing or invalid bearer token',
})
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'A viewer called a mutation' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown plugin or source' })
@Controller('api/catalog-management/v1alpha1')
export class CatalogManagementController {
  constructor(private readonly management: SourceManagementService) {}

  private ctx(req: Request, ifMatch?: string): RequestContext {
    return { caller: callerOf(req), requestId: requestIdOf(req), ifMatch };
  }

  @Get('plugins')
  @ApiOperation({ summary: 'Plugins with management capabilities and source counts' })
  @ApiOkResponse({ type: ManagementPluginListDto })
  plugins(): ManagementPluginListDto {
    const items = this.management.listPlugins() as unknown as ManagementPluginListDto['items'];
    return { items, size: items.length };
  }

  @Get('plugins/:plugin/sources')
  @PluginParam()
  @ApiOperation({
    summary: 'Every source of a plugin, with its persisted refresh status and live entity count',
  })
  @ApiOkResponse({ type: SourceListDto })
  async sources(@Param('plugin', SourceIdParamPipe) plugin: string): Promise<SourceListDto> {
    const items = (await this.management.listSources(plugin)) as unknown as SourceListDto['items'];
    return { items, size: items.length };
  }

  @Get('plugins/:plugin/sources/:id')
  @PluginParam()
  @SourceParam()
  @ApiOperation({
    summary: 'A source entry and its content as stored (secrets redacted); ETag = revision',
  })
  @ApiOkResponse({
    type: SourceDetailDto,
    headers: { ETag: { description: 'The revision, quoted', schema: { type: 'string' } } },
  })
  async source(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SourceDetailDto> {
    const detail = await this.management.getSource(plugin, id);
    res.setHeader('ETag', `"${detail.revision}"`);
    return detail as unknown as SourceDetailDto;
  }

  @Post('plugins/:plugin/sources/:id\\:validate')
  @HttpCode(200)
  @PluginParam()
  @SourceParam()
  @ApiOperation({ summary: 'Run the validation pipeline on an edit; never changes anything' })
  @ApiBody({ type: SourceEditRequestDto })
  @ApiOkResponse({ type: ValidationReportDto })
  validate(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Body() body: SourceEditRequestDto,
  ): Promise<ValidationReportDto> {
    return this.management.validate(plugin, id, body) as Promise<ValidationReportDto>;
  }

  @Post('plugins/:plugin/sources/:id\\:apply')
  @PluginParam()
  @SourceParam()
  @IfMatch()
  @ApiOperation({
    summary: 'Validate, diff, save (creating the source if new), reconcile and optionally refresh',
  })
  @ApiBody({ type: SourceEditRequestDto })
  @ApiOkResponse({ type: ApplyResponseDto, description: 'Applied (or dry run)' })
  @ApiCreatedResponse({ type: ApplyResponseDto, description: 'The source was created' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'Invalid edit; `report` holds the full validation report',
  })
  @ApiResponse({
    status: 428,
    type: ErrorResponseDto,
    description: 'Critical change without confirmCriticalChanges; `diffSummary` included',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'Stale expectedRevision / If-Match (`currentRevision` included), or read-only store',
  })
  async apply(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Body() body: SourceEditRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApplyResponseDto> {
    const outcome = await this.management.apply(plugin, id, body, this.ctx(req, ifMatch));
    res.status(outcome.created ? 201 : 200);
    return outcome as unknown as ApplyResponseDto;
  }

  @Post('plugins/:plugin/sources/:id\\:enable')
  @HttpCode(200)
  @PluginParam()
  @SourceParam()
  @IfMatch()
  @ApiOperation({ summary: 'Enable a source (persisted) and load its entities' })
  @ApiOkResponse({ type: StateChangeResponseDto })
  enable(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
  ): Promise<StateChangeResponseDto> {
    return this.management.setEnabled(
      plugin,
      id,
      true,
      this.ctx(req, ifMatch),
    ) as unknown as Promise<StateChangeResponseDto>;
  }

  @Post('plugins/:plugin/sources/:id\\:disable')
  @HttpCode(200)
  @PluginParam()
  @SourceParam()
  @IfMatch()
  @ApiOperation({ summary: 'Disable a source (persisted) and remove its entities' })
  @ApiOkResponse({ type: StateChangeResponseDto })
  disable(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
  ): Promise<StateChangeResponseDto> {
    return this.management.setEnabled(
      plugin,
      id,
      false,
      this.ctx(req, ifMatch),
    ) as unknown as Promise<StateChangeResponseDto>;
  }

  @Delete('plugins/:plugin/sources/:id')
  @PluginParam()
  @SourceParam()
  @IfMatch()
  @ApiOperation({
    summary:
      'Remove a source entry, its entities and its refresh status; its revisions stay for rollback',
  })
  @ApiOkResponse({ type: DeleteResponseDto })
  remove(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
  ): Promise<DeleteResponseDto> {
    return this.management.delete(
      plugin,
      id,
      this.ctx(req, ifMatch),
    ) as unknown as Promise<DeleteResponseDto>;
  }

  @Get('plugins/:plugin/sources/:id/revisions')
  @PluginParam()
  @SourceParam()
  @ApiOperation({ summary: 'Revision history of a source, newest first' })
  @ApiOkResponse({ type: RevisionListDto })
  async revisions(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
  ): Promise<RevisionListDto> {
    const items = await this.management.revisions(plugin, id);
    return { items, size: items.length };
  }

  @Get('plugins/:plugin/sources/:id/revisions/:revisionId')
  @PluginParam()
  @SourceParam()
  @ApiParam({ name: 'revisionId' })
  @ApiOperation({ summary: "One revision's exact stored entry and content (secrets redacted)" })
  @ApiOkResponse({ type: RevisionContentDto })
  revision(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Param('revisionId') revisionId: string,
  ): Promise<RevisionContentDto> {
    return this.management.revision(
      plugin,
      id,
      revisionId,
    ) as unknown as Promise<RevisionContentDto>;
  }

  @Post('plugins/:plugin/sources/:id\\:rollback')
  @HttpCode(200)
  @PluginParam()
  @SourceParam()
  @IfMatch()
  @ApiOperation({ summary: 'Restore a revision exactly (as a new revision), then refresh' })
  @ApiBody({ type: RollbackRequestDto })
  @ApiOkResponse({ type: StateChangeResponseDto })
  rollback(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Body() body: RollbackRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
  ): Promise<StateChangeResponseDto> {
    return this.management.rollback(
      plugin,
      id,
      body.revisionId,
      body.refreshAfterApply ?? true,
      this.ctx(req, ifMatch),
    ) as unknown as Promise<StateChangeResponseDto>;
  }

  @Post('plugins/:plugin/sources/:id\\:refresh')
  @HttpCode(200)
  @PluginParam()
  @SourceParam()
  @ApiOperation({ summary: 'Refresh one source now (rate-limited per source)' })
  @ApiOkResponse({ type: RefreshResultDto })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Refreshed too recently; see Retry-After',
  })
  refreshSource(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
    @Req() req: Request,
  ): Promise<RefreshResultDto> {
    return this.management.refreshSource(plugin, id, this.ctx(req)) as Promise<RefreshResultDto>;
  }

  @Post('plugins/:plugin\\:refresh')
  @HttpCode(200)
  @PluginParam()
  @ApiOperation({ summary: 'Refresh every source of a plugin (rate-limited per plugin)' })
  @ApiOkResponse({ type: PluginRefreshResultDto })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Refreshed too recently; see Retry-After',
  })
  refreshPlugin(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Req() req: Request,
  ): Promise<PluginRefreshResultDto> {
    return this.management.refreshPlugin(plugin, this.ctx(req)) as Promise<PluginRefreshResultDto>;
  }

  @Get('plugins/:plugin/diagnostics')
  @PluginParam()
  @ApiOperation({
    summary: 'Per-source state, last successful refresh, last errors, entity counts',
  })
  @ApiOkResponse({ type: PluginDiagnosticsDto })
  diagnostics(@Param('plugin', SourceIdParamPipe) plugin: string): Promise<PluginDiagnosticsDto> {
    return this.management.diagnostics(plugin) as unknown as Promise<PluginDiagnosticsDto>;
  }

  @Get('plugins/:plugin/sources/:id/diagnostics')
  @PluginParam()
  @SourceParam()
  @ApiOperation({ summary: 'Diagnostics of one source' })
  @ApiOkResponse({ type: SourceDiagnosticsDto })
  sourceDiagnostics(
    @Param('plugin', SourceIdParamPipe) plugin: string,
    @Param('id', SourceIdParamPipe) id: string,
  ): Promise<SourceDiagnosticsDto> {
    return this.management.diagnostics(plugin, id) as unknown as Promise<SourceDiagnosticsDto>;
  }
}
