import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_ENV, CatalogEnv, configPaths } from '../config/catalog-env';
import type { SourceConfig } from '../config/sources-config';
import { SourcesConfigService } from '../config/sources-config.service';
import {
  CatalogError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  PreconditionRequiredError,
  ServiceUnavailableError,
  ValidationFailedError,
} from '../errors/catalog-errors';
import { hasSourceCatalog } from '../ingestion/catalog-definition';
import { CatalogIngestionService, ManagedPlugin } from '../ingestion/catalog-ingestion.service';
import { InitialLoadService } from '../ingestion/initial-load.service';
import type { PluginRefreshResult, RefreshResult } from '../ingestion/refresh-result';
import { managementCapabilitiesOf } from '../plugin/plugin-capabilities';
import { PluginRegistry } from '../plugin/plugin-registry';
import {
  redactSensitive,
  redactYamlText,
  restoreRedactedValues,
  restoreRedactedYaml,
} from '../security/sensitive-redaction';
import {
  ApplyResult,
  CONFIG_STORE,
  ConfigStore,
  RevisionContent,
  RevisionInfo,
  StoreScope,
  StoredSource,
  WriteOptions,
} from '../store/config-store';
import { AuditLog, AuditRecord } from './audit-log';
import type { Caller } from './auth/caller';
import {
  DiffSummary,
  countLineChanges,
  criticalReasons,
  diffConfigKeys,
  summarizeEntityDiff,
} from './diff/source-diff';
import { RefreshRateLimiter } from './refresh-rate-limiter';
import { SourceStatus, SourceStatusService } from './source-status.service';
import { SourceValidationPipeline } from './validation/source-validation.pipeline';
import type { ValidationReport } from './validation/validation-report';

export interface RequestContext {
  caller: Caller;
  requestId: string;
  /** If-Match header value, if any. */
  ifMatch?: string;
}

export interface SourceEdit {
  source?: Record<string, unknown>;
  rawYaml?: string;
  options?: {
    refreshAfterApply?: boolean;
    expectedRevision?: string;
    dryRun?: boolean;
    confirmCriticalChanges?: boolean;
  };
}

export interface ApplyOutcome {
  appliedRevision: string | null;
  previousRevision: string | null;
  created: boolean;
  dryRun: boolean;
  diffSummary: DiffSummary;
  warnings: ValidationReport['warnings'];
  refreshResult?: RefreshResult;
}

export interface ManagedSourceView extends SourceConfig {
  origin: string;
  revision: string;
  status: SourceStatus;
}

/** `"abc"`, `W/"abc"` or `abc` → `abc`. */
export function revisionFromIfMatch(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim().replace(/^W\//, '');
  return trimmed.replace(/^"(.*)"$/, '$1') || undefined;
}

/**
 * The management plane's logic: every edit is validated by the one pipeline, diffed against what
 * is served, gated when critical, persisted through the store first, reconciled, then refreshed.
 * Responses never carry secret values.
 */
@Injectable()
export class SourceManagementService {
  constructor(
    @Inject(CATALOG_ENV) private readonly env: CatalogEnv,
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
    private readonly registry: PluginRegistry,
    private readonly sources: SourcesConfigService,
    private readonly pipeline: SourceValidationPipeline,
    private readonly ingestion: CatalogIngestionService,
    private readonly initialLoad: InitialLoadService,
    private readonly statuses: SourceStatusService,
    private readonly audit: AuditLog,
    private readonly rateLimiter: RefreshRateLimiter,
  ) {}

  // ── reads ────────────────────────────────────────────────────────────────────────────────

  listPlugins(): Array<Record<string, unknown>> {
    return this.registry.all().map(({ plugin, status }) => {
      const section = this.sources.section(plugin.configKey);
      return {
        name: plugin.name,
        version: plugin.version,
        description: plugin.description,
        configKey: plugin.configKey,
        serving: status.serving,
        management: managementCapabilitiesOf(plugin, this.store.writable),
        sourceCount: section?.sources.length ?? 0,
        enabledSourceCount: section?.sources.filter((s) => s.enabled).length ?? 0,
      };
    });
  }

  async listSources(pluginName: string): Promise<ManagedSourceView[]> {
    const plugin = this.managed(pluginName);
    const list = this.sources.section(plugin.configKey)?.sources ?? [];
    const statuses = await this.statuses.statusesOf(plugin, list);
    return list.map((s) => {
      const { origin, ...entry } = s;
      return {
        ...(redactSensitive(entry) as SourceConfig),
        origin,
        revision: this.sources.sourceRevision(plugin.configKey, s.id) ?? '',
        status: statuses.get(s.id)!,
      };
    });
  }

  async getSource(pluginName: string, sourceId: string): Promise<StoredSource> {
    const plugin = this.managed(pluginName);
    const stored = await this.store.getSource(this.scope(plugin), sourceId);
    return {
      ...stored,
      source: redactSensitive(stored.source),
      rawYaml: stored.rawYaml === null ? null : redactYamlText(stored.rawYaml),
    };
  }

  async revisions(pluginName: string, sourceId: string): Promise<RevisionInfo[]> {
    const plugin = this.managed(pluginName);
    return this.store.listRevisions(this.scope(plugin), sourceId);
  }

  async revision(
    pluginName: string,
    sourceId: string,
    revisionId: string,
  ): Promise<RevisionContent> {
    const plugin = this.managed(pluginName);
    const rev = await this.store.getRevision(this.scope(plugin), sourceId, revisionId);
    return {
      ...rev,
      source: rev.source ? redactSensitive(rev.source) : null,
      rawYaml: rev.rawYaml === null ? null : redactYamlText(rev.rawYaml),
    };
  }

  async diagnostics(pluginName: string, sourceId?: string): Promise<Record<string, unknown>> {
    const entry = this.registry.get(pluginName);
    const plugin = this.managed(pluginName);
    const all = this.sources.section(plugin.configKey)?.sources ?? [];
    const list = sourceId ? all.filter((s) => s.id === sourceId) : all;
    if (sourceId && list.length === 0)
      throw new NotFoundError(`source "${sourceId}" not found in plugin "${pluginName}"`);
    const statuses = await this.statuses.statusesOf(plugin, list);
    const sourcesOut = list.map((s) => ({
      sourceId: s.id,
      enabled: s.enabled,
      status: statuses.get(s.id)!,
      contentError: this.sources.sourceContentError(plugin.configKey, s.id) ?? null,
      refreshing: this.ingestion.isRefreshing(plugin.name, s.id),
    }));
    if (sourceId) return sourcesOut[0];
    return {
      plugin: plugin.name,
      serving: entry.status.serving,
      pluginError: entry.status.lastError ?? null,
      initialLoad: this.initialLoad.state,
      configError: this.sources.lastReloadError?.message ?? null,
      sources: sourcesOut,
      totalEntities: sourcesOut.reduce((n, s) => n + s.status.entityCount, 0),
    };
  }

  // ── validation and edits ─────────────────────────────────────────────────────────────────

  async validate(
    pluginName: string,
    sourceId: string,
    edit: SourceEdit,
  ): Promise<ValidationReport> {
    const plugin = this.managed(pluginName);
    const current = await this.current(plugin, sourceId);
    const restored = this.restorePlaceholders(edit, current);
    const { report } = await this.pipeline.validate({
      plugin,
      sourceId,
      source: restored.source,
      rawYaml: restored.rawYaml,
      current: current ?? undefined,
      defaultOrigin: this.defaultOrigin(),
    });
    report.errors.push(...restored.errors);
    if (restored.errors.length) report.valid = false;
    return report;
  }

  async apply(
    pluginName: string,
    sourceId: string,
    edit: SourceEdit,
    ctx: RequestContext,
  ): Promise<ApplyOutcome> {
    const plugin = this.managed(pluginName);
    const options = edit.options ?? {};
    const record: Omit<AuditRecord, 'outcome'> = {
      caller: ctx.caller,
      action: options.dryRun ? 'apply(dry-run)' : 'apply',
      plugin: plugin.name,
      source: sourceId,
      requestId: ctx.requestId,
    };
    return this.audited(record, async () => {
      if (edit.source === undefined && edit.rawYaml === undefined) {
        throw new InvalidArgumentError('nothing to apply: send "source", "rawYaml" or both');
      }
      const current = await this.current(plugin, sourceId);
      record.revisionBefore = current?.revision ?? null;
      const restored = this.restorePlaceholders(edit, current);
      const { report, effective } = await this.pipeline.validate({
        plugin,
        sourceId,
        source: restored.source,
        rawYaml: restored.rawYaml,
        current: current ?? undefined,
        defaultOrigin: this.defaultOrigin(),
      });
      const errors = [...report.errors, ...restored.errors];
      if (errors.length || !effective) {
        throw new ValidationFailedError(
          `the edit is invalid: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written`,
          errors,
          {
            report: { ...report, valid: false, errors },
          },
        );
      }
      const expected = options.expectedRevision ?? revisionFromIfMatch(ctx.ifMatch);
      if (expected !== undefined && expected !== (current?.revision ?? null)) {
        throw new ConflictError(
          current
            ? `source "${sourceId}" is at revision ${current.revision}, not ${expected}: it changed since you read it`
            : `source "${sourceId}" does not exist, but revision ${expected} was expected`,
          [],
          { currentRevision: current?.revision ?? null },
        );
      }
      const diffSummary = await this.diffSummary(
        plugin,
        sourceId,
        current,
        effective.source,
        effective.content,
      );
      if (diffSummary.critical && !options.confirmCriticalChanges) {
        throw new PreconditionRequiredError(
          `critical change: ${diffSummary.criticalReasons.join('; ')}. Resend with options.confirmCriticalChanges=true to apply it`,
          diffSummary.criticalReasons.map((message) => ({ message })),
          { diffSummary },
        );
      }
      if (options.dryRun) {
        return {
          appliedRevision: null,
          previousRevision: current?.revision ?? null,
          created: false,
          dryRun: true,
          diffSummary,
          warnings: report.warnings,
        };
      }
      const change = {
        ...(restored.source !== undefined
          ? { source: restored.source as unknown as SourceConfig }
          : {}),
        ...(restored.rawYaml !== undefined ? { rawYaml: restored.rawYaml } : {}),
      };
      const { result } = await this.sources.save((store) =>
        store.applySource(this.scope(plugin), sourceId, change, {
          expectedRevision: expected,
          author: ctx.caller.name,
        }),
      );
      record.revisionAfter = result.appliedRevision;
      const outcome: ApplyOutcome = {
        appliedRevision: result.appliedRevision,
        previousRevision: result.previousRevision,
        created: result.created,
        dryRun: false,
        diffSummary,
        warnings: report.warnings,
      };
      if (options.refreshAfterApply)
        outcome.refreshResult = await this.ingestion.refreshSource(plugin, sourceId);
      return outcome;
    });
  }

  async setEnabled(
    pluginName: string,
    sourceId: string,
    enabled: boolean,
    ctx: RequestContext,
  ): Promise<Record<string, unknown>> {
    return this.storeMutation(
      pluginName,
      sourceId,
      enabled ? 'enable' : 'disable',
      ctx,
      { mustExist: true },
      (store, scope, options) => store.setEnabled(scope, sourceId, enabled, options),
      // Disabling removes the source's entities; enabling loads them again.
      async (plugin) => ({ refreshResult: await this.ingestion.refreshSource(plugin, sourceId) }),
    );
  }

  async delete(
    pluginName: string,
    sourceId: string,
    ctx: RequestContext,
  ): Promise<Record<string, unknown>> {
    return this.storeMutation(
      pluginName,
      sourceId,
      'delete',
      ctx,
      { mustExist: true },
      (store, scope, options) => store.deleteSource(scope, sourceId, options),
      async (plugin) => ({
        deleted: true,
        entitiesRemoved: await this.ingestion.removeSource(plugin, sourceId),
      }),
    );
  }

  async rollback(
    pluginName: string,
    sourceId: string,
    revisionId: string,
    refresh: boolean,
    ctx: RequestContext,
  ): Promise<Record<string, unknown>> {
    return this.storeMutation(
      pluginName,
      sourceId,
      'rollback',
      ctx,
      { mustExist: false, detail: `to ${revisionId}` },
      (store, scope, options) => store.rollback(scope, sourceId, revisionId, options),
      async (plugin) => {
        if (!refresh) return {};
        // Rolling back to a delete marker removes the source again.
        const refreshResult = this.sources.source(plugin.configKey, sourceId)
          ? await this.ingestion.refreshSource(plugin, sourceId)
          : {
              sourceId,
              status: 'success',
              removed: await this.ingestion.removeSource(plugin, sourceId),
            };
        return { refreshResult };
      },
    );
  }

  /**
   * enable/disable/delete/rollback: an audited store write (If-Match honoured, the caller recorded as
   * author), the view reconciled, then the follow-up on the served entities.
   */
  private async storeMutation(
    pluginName: string,
    sourceId: string,
    action: string,
    ctx: RequestContext,
    how: { mustExist: boolean; detail?: string },
    write: (store: ConfigStore, scope: StoreScope, options: WriteOptions) => Promise<ApplyResult>,
    after: (plugin: ManagedPlugin) => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> {
    const plugin = this.managed(pluginName);
    const record: Omit<AuditRecord, 'outcome'> = {
      caller: ctx.caller,
      action,
      plugin: plugin.name,
      source: sourceId,
      requestId: ctx.requestId,
      ...(how.detail ? { detail: how.detail } : {}),
    };
    return this.audited(record, async () => {
      const current = await this.current(plugin, sourceId);
      if (!current && how.mustExist) {
        throw new NotFoundError(`source "${sourceId}" not found in plugin "${plugin.name}"`);
      }
      record.revisionBefore = current?.revision ?? null;
      const { result } = await this.sources.save((store) =>
        write(store, this.scope(plugin), {
          expectedRevision: revisionFromIfMatch(ctx.ifMatch),
          author: ctx.caller.name,
        }),
      );
      record.revisionAfter = result.appliedRevision;
      return {
        appliedRevision: result.appliedRevision,
        previousRevision: result.previousRevision,
        ...(await after(plugin)),
      };
    });
  }

  async refreshSource(
    pluginName: string,
    sourceId: string,
    ctx: RequestContext,
  ): Promise<RefreshResult> {
    const plugin = this.managed(pluginName);
    const record: Omit<AuditRecord, 'outcome'> = {
      caller: ctx.caller,
      action: 'refresh',
      plugin: plugin.name,
      source: sourceId,
      requestId: ctx.requestId,
    };
    return this.audited(record, async () => {
      if (!this.sources.source(plugin.configKey, sourceId)) {
        throw new NotFoundError(`source "${sourceId}" not found in plugin "${plugin.name}"`);
      }
      this.rateLimiter.claim(`source:${plugin.name}:${sourceId}`, `source "${sourceId}"`);
      return this.ingestion.refreshSource(plugin, sourceId);
    });
  }

  async refreshPlugin(pluginName: string, ctx: RequestContext): Promise<PluginRefreshResult> {
    const plugin = this.managed(pluginName);
    const record: Omit<AuditRecord, 'outcome'> = {
      caller: ctx.caller,
      action: 'refresh-all',
      plugin: plugin.name,
      requestId: ctx.requestId,
    };
    return this.audited(record, async () => {
      this.rateLimiter.claim(`plugin:${plugin.name}`, `plugin "${plugin.name}"`);
      return this.ingestion.refreshAll(plugin);
    });
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private managed(pluginName: string): ManagedPlugin {
    const { plugin, status } = this.registry.get(pluginName);
    if (!hasSourceCatalog(plugin))
      throw new NotFoundError(`plugin "${pluginName}" has no managed sources`);
    if (!status.serving)
      throw new ServiceUnavailableError(
        `plugin "${pluginName}" is not serving: ${status.lastError ?? 'not initialized'}`,
      );
    return plugin;
  }

  private scope(plugin: ManagedPlugin): StoreScope {
    return { plugin: plugin.name, configKey: plugin.configKey };
  }

  private defaultOrigin(): string {
    return configPaths(this.env).at(-1) ?? this.env.CATALOG_CONFIG_PATHS;
  }

  private async current(plugin: ManagedPlugin, sourceId: string): Promise<StoredSource | null> {
    try {
      return await this.store.getSource(this.scope(plugin), sourceId);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  /** A UI saves what it was shown: REDACTED placeholders keep the stored secrets. */
  private restorePlaceholders(edit: SourceEdit, current: StoredSource | null) {
    const errors: ValidationReport['errors'] = [];
    let source = edit.source;
    if (source && source.properties && typeof source.properties === 'object') {
      const restored = restoreRedactedValues(source.properties, current?.source.properties);
      source = { ...source, properties: restored.value };
      errors.push(
        ...restored.unresolved.map((p) => ({
          field: `source.properties.${p}`,
          message:
            'redacted placeholder sent, but there is no stored value to keep: send the real value or a SecretRef',
        })),
      );
    }
    let rawYaml = edit.rawYaml;
    if (rawYaml !== undefined) {
      const restored = restoreRedactedYaml(rawYaml, current?.rawYaml ?? null);
      rawYaml = restored.text;
      errors.push(
        ...restored.unresolved.map((p) => ({
          field: `rawYaml.${p}`,
          message: 'redacted placeholder sent, but there is no stored value to keep',
        })),
      );
    }
    return { source, rawYaml, errors };
  }

  private async diffSummary(
    plugin: ManagedPlugin,
    sourceId: string,
    current: StoredSource | null,
    next: {
      type: string;
      enabled: boolean;
      includedItems?: string[];
      excludedItems?: string[];
    } & SourceConfig,
    content: string | null,
  ): Promise<DiffSummary> {
    const lines = countLineChanges(current?.rawYaml ?? null, content);
    const { origin: _origin, ...nextEntry } = next as SourceConfig & { origin?: string };
    void _origin;
    const configKeys = diffConfigKeys(current?.source, nextEntry);
    let entities;
    if (content !== null) {
      const preview = await this.ingestion.previewEntityDiff(plugin, sourceId, next, content);
      if (preview.ok) entities = summarizeEntityDiff(preview.diff);
    }
    const provider = plugin.catalog.providers.find((p) => p.type === next.type);
    const reasons = criticalReasons(current?.source, nextEntry, provider, entities);
    return {
      ...lines,
      configKeys,
      ...(entities ? { entities } : {}),
      critical: reasons.length > 0,
      criticalReasons: reasons,
    };
  }

  private async audited<T>(
    record: Omit<AuditRecord, 'outcome'>,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      const result = await work();
      const dryRun = (result as { dryRun?: boolean } | undefined)?.dryRun === true;
      this.audit.record({ ...record, outcome: dryRun ? 'dry-run' : 'success' });
      return result;
    } catch (err) {
      const refused = err instanceof CatalogError && err.httpStatus < 500;
      this.audit.record({
        ...record,
        outcome: refused ? 'refused' : 'failure',
        detail: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  }
}
