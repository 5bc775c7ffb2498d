import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { dump } from 'js-yaml';
import type { LoadedSource, SourceConfig } from '../../config/sources-config';
import { isSecretRef } from '../../config/sources-config';
import { CatalogError, ErrorDetail } from '../../errors/catalog-errors';
import { flattenValidationErrors } from '../../http/validation-pipe';
import { parseCatalogContent } from '../../ingestion/catalog-content-parser';
import type { ManagedPlugin } from '../../ingestion/catalog-ingestion.service';
import { validateItemPatterns } from '../../ingestion/item-name-filter';
import { isSensitiveKey } from '../../security/sensitive-redaction';
import { CONFIG_STORE, ConfigStore } from '../../store/config-store';
import { DEFAULT_YAML_LIMITS, loadYaml } from '../../yaml/yaml-loader';
import { SourceConfigDto } from '../dto/source-config.dto';
import { ValidationLayerName, ValidationLayerResult, ValidationReport } from './validation-report';

export const SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const MAX_SOURCE_NAME = 256;

export interface ValidationInput {
  plugin: ManagedPlugin;
  /** The id in the request path. */
  sourceId: string;
  /** The source entry sent, if any (else the stored one is checked). */
  source?: Record<string, unknown>;
  /** The catalog content sent, if any. */
  rawYaml?: string;
  /** What is stored now, if the source exists. */
  current?: { source: SourceConfig; rawYaml: string | null; origin: string };
  /** Where a new source's entry would be written (relative paths resolve against it). */
  defaultOrigin: string;
}

/** The source and content an edit would leave in place (what later steps apply and diff). */
export interface EffectiveEdit {
  source: LoadedSource;
  /** The content the source would serve; null when it cannot be determined. */
  content: string | null;
}

/**
 * The one validation pipeline of the management plane. Layers run in a fixed order and each
 * reports separately; a YAML parse failure is critical and stops the later layers; warnings
 * never make an edit invalid.
 */
@Injectable()
export class SourceValidationPipeline {
  constructor(@Inject(CONFIG_STORE) private readonly store: ConfigStore) {}

  async validate(
    input: ValidationInput,
  ): Promise<{ report: ValidationReport; effective?: EffectiveEdit }> {
    const results: ValidationLayerResult[] = [];
    const add = (
      layer: ValidationLayerName,
      errors: ErrorDetail[],
      warnings: ErrorDetail[] = [],
      skipped?: string,
    ): void => {
      results.push({
        layer,
        status: skipped !== undefined ? 'skipped' : errors.length ? 'failed' : 'passed',
        errors,
        warnings,
        ...(skipped !== undefined ? { reason: skipped } : {}),
      });
    };

    // 1. yaml_parse (critical)
    let parsedContent: unknown;
    if (input.rawYaml !== undefined) {
      const loaded = loadYaml(input.rawYaml, DEFAULT_YAML_LIMITS);
      if (!loaded.ok) {
        add(
          'yaml_parse',
          loaded.errors.map((e) => ({ field: 'rawYaml', ...e })),
        );
        for (const layer of [
          'strict_fields',
          'semantic',
          'security_warnings',
          'provider',
        ] as const) {
          add(layer, [], [], 'yaml_parse failed');
        }
        return { report: this.report(results) };
      }
      parsedContent = loaded.value;
      add('yaml_parse', []);
    } else add('yaml_parse', [], [], 'no rawYaml in the request');

    // 2. strict_fields
    if (input.source !== undefined) add('strict_fields', await this.strictFields(input.source));
    else add('strict_fields', [], [], 'no source in the request; the stored entry is kept');
    const strictFailed = results[1].status === 'failed';

    // 3. semantic
    const sourceEntry = (input.source as SourceConfig | undefined) ?? input.current?.source;
    if (!sourceEntry) {
      add('semantic', [
        {
          field: 'source',
          message: `source "${input.sourceId}" does not exist yet: send its entry in "source"`,
        },
      ]);
      add('security_warnings', [], [], 'no source entry');
      add('provider', [], [], 'no source entry');
      return { report: this.report(results) };
    }
    if (strictFailed) {
      add('semantic', [], [], 'strict_fields failed');
      add('security_warnings', [], [], 'strict_fields failed');
      add('provider', [], [], 'strict_fields failed');
      return { report: this.report(results) };
    }
    const origin = input.current?.origin ?? input.defaultOrigin;
    const loaded: LoadedSource = {
      id: sourceEntry.id ?? input.sourceId,
      name: sourceEntry.name,
      type: sourceEntry.type,
      enabled: sourceEntry.enabled ?? true,
      labels: sourceEntry.labels ?? [],
      properties: sourceEntry.properties ?? {},
      origin,
      ...(sourceEntry.includedItems ? { includedItems: sourceEntry.includedItems } : {}),
      ...(sourceEntry.excludedItems ? { excludedItems: sourceEntry.excludedItems } : {}),
    };
    add('semantic', this.semantic(input, loaded));

    // 4. security_warnings (never blocks)
    add('security_warnings', [], inlineSecrets(loaded.properties, 'source.properties'));

    // 5. provider
    const content = await this.effectiveContent(input, loaded);
    if (content.errors.length) add('provider', content.errors);
    else if (content.tooLarge !== undefined) {
      add(
        'provider',
        [],
        [],
        `the stored content (${content.tooLarge} bytes) is over the API's 1 MiB limit and unchanged by this edit; it is checked on refresh`,
      );
    } else if (content.text === null) add('provider', [], [], 'the source has no content to check');
    else {
      const parsed = parseCatalogContent(
        content.text,
        input.plugin.catalog.format,
        DEFAULT_YAML_LIMITS,
      );
      add(
        'provider',
        parsed.ok ? [] : parsed.errors.map((e) => (e.field ? e : { ...e, field: 'rawYaml' })),
      );
    }
    const report = this.report(results);
    if (report.valid && parsedContent !== undefined) {
      report.normalizedYaml = dump(parsedContent, { lineWidth: -1, noRefs: true } as Parameters<
        typeof dump
      >[1]);
    }
    return { report, effective: { source: loaded, content: content.text } };
  }

  private report(results: ValidationLayerResult[]): ValidationReport {
    const errors = results.flatMap((r) => r.errors);
    return {
      valid: errors.length === 0,
      errors,
      warnings: results.flatMap((r) => r.warnings),
      layerResults: results,
    };
  }

  private async strictFields(source: Record<string, unknown>): Promise<ErrorDetail[]> {
    const dto = plainToInstance(SourceConfigDto, source);
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    });
    return flattenValidationErrors(errors, 'source');
  }

  private semantic(input: ValidationInput, source: LoadedSource): ErrorDetail[] {
    const errors: ErrorDetail[] = [];
    if (!SOURCE_ID_PATTERN.test(input.sourceId)) {
      errors.push({
        field: 'id',
        message: `source id "${input.sourceId}" must match ${SOURCE_ID_PATTERN.source}`,
      });
    }
    if (input.source && source.id !== input.sourceId) {
      errors.push({
        field: 'source.id',
        message: `must equal the id in the path ("${input.sourceId}"), got "${source.id}"`,
      });
    }
    if (source.name && source.name.length > MAX_SOURCE_NAME) {
      errors.push({
        field: 'source.name',
        message: `must be at most ${MAX_SOURCE_NAME} characters`,
      });
    }
    const provider = input.plugin.catalog.providers.find((p) => p.type === source.type);
    if (!provider) {
      const known = input.plugin.catalog.providers.map((p) => p.type).join(', ');
      errors.push({
        field: 'source.type',
        message: `unknown type "${source.type}"; plugin "${input.plugin.name}" supports: ${known}`,
      });
      return errors;
    }
    errors.push(
      ...provider
        .validateProperties(source, { contentSupplied: input.rawYaml !== undefined })
        .map((e) => ({ ...e, field: `source.${e.field ?? 'properties'}` })),
    );
    for (const key of provider.pointerProperties) {
      const value = source.properties[key];
      if (typeof value !== 'string') continue;
      try {
        this.store.resolveContentPath(value, source.origin);
      } catch (err) {
        errors.push({
          field: `source.properties.${key}`,
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }
    errors.push(...validateItemPatterns(source.includedItems, source.excludedItems));
    return errors;
  }

  /** The content the edited source would serve: sent rawYaml, inline content, or what is stored. */
  private async effectiveContent(
    input: ValidationInput,
    source: LoadedSource,
  ): Promise<{ text: string | null; errors: ErrorDetail[]; tooLarge?: number }> {
    if (input.rawYaml !== undefined) return { text: input.rawYaml, errors: [] };
    const provider = input.plugin.catalog.providers.find((p) => p.type === source.type);
    const ref = provider?.contentRef(source);
    if (!ref || ref.kind === 'none') return { text: null, errors: [] };
    if (ref.kind === 'inline') return { text: ref.text, errors: [] };
    const samePath =
      input.current &&
      JSON.stringify(input.current.source.properties ?? {}) === JSON.stringify(source.properties);
    if (samePath && input.current?.rawYaml != null) {
      const size = Buffer.byteLength(input.current.rawYaml, 'utf8');
      if (size > DEFAULT_YAML_LIMITS.maxBytes) return { text: null, errors: [], tooLarge: size };
      return { text: input.current.rawYaml, errors: [] };
    }
    try {
      const bytes = await this.store.readContentBytes(ref.path, ref.origin);
      if (bytes.length > DEFAULT_YAML_LIMITS.maxBytes) {
        // Too large to edit over the API, so it was not changed by this edit: it was checked
        // when the source was last refreshed (see its status).
        return { text: null, errors: [], tooLarge: bytes.length };
      }
      return { text: bytes.toString('utf8'), errors: [] };
    } catch (err) {
      const reason =
        err instanceof CatalogError
          ? err.message
          : ((err as NodeJS.ErrnoException).code ?? String(err));
      return {
        text: null,
        errors: [
          {
            field: 'source.properties.yamlCatalogPath',
            message: `cannot read ${ref.path}: ${reason}; send the content in rawYaml`,
          },
        ],
      };
    }
  }
}

/** Plain strings under sensitive keys anywhere in the properties: warn, suggest a SecretRef. */
export function inlineSecrets(value: unknown, path: string, sensitive = false): ErrorDetail[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => inlineSecrets(v, `${path}[${i}]`, sensitive));
  if (value && typeof value === 'object') {
    if (sensitive && isSecretRef(value)) return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      inlineSecrets(v, `${path}.${k}`, sensitive || isSensitiveKey(k)),
    );
  }
  if (sensitive && typeof value === 'string' && value !== '') {
    return [
      {
        field: path,
        message:
          'inline secret value: use a SecretRef { name, namespace?, key } instead of a plain string',
      },
    ];
  }
  return [];
}
