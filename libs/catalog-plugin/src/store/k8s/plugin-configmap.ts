import type { V1ConfigMap } from '@kubernetes/client-node';
import { CatalogSectionConfig, SourceConfig, SourcesDocument } from '../../config/sources-config';
import { SourcesConfigError, parseSourcesDocument } from '../../config/sources-document.parser';
import { SourcesLayer, mergeSourcesLayers } from '../../config/sources-merge';
import { PayloadTooLargeError } from '../../errors/catalog-errors';
import { cloneEntry } from '../source-change';
import type { SourceState } from '../source-revision';
import {
  editSourcesDocument,
  emptySourcesDocumentText,
  findSourceEntry,
} from '../sources-document-editor';
import {
  CONFIG_KEY_ANNOTATION,
  MAX_CONFIGMAP_DATA_BYTES,
  PLUGIN_LABEL,
  SOURCES_KEY,
  assertContentKey,
  configMapOrigin,
  mapSizeOf,
} from './configmap-layout';
import { ConfigMapRevisionAnnotations } from './configmap-revision-annotations';

/** A source's entry and content to store, or null to remove the source. */
export type SourceWrite = { source: SourceConfig; rawYaml: string | null } | null;

/**
 * One plugin's ConfigMap as read from the API: its `sources.yaml` (only this plugin's section),
 * the content keys, and the revision annotations. Immutable; `withSource` returns the data a
 * write would store.
 */
export class PluginConfigMap {
  private parsed?: SourcesDocument;

  private constructor(
    /** The object as read, to send back unchanged apart from what a write changes. */
    readonly object: V1ConfigMap,
    readonly namespace: string,
    readonly name: string,
    readonly configKey: string,
  ) {}

  /**
   * Undefined when the section it holds is unknown: no config-key annotation and no
   * `fallbackConfigKey` (the plugin's, for a ConfigMap created by hand or by kustomize, which is
   * adopted and annotated on the first write).
   */
  static fromObject(
    object: V1ConfigMap,
    namespace: string,
    fallbackConfigKey?: string,
  ): PluginConfigMap | undefined {
    const name = object.metadata?.name;
    const configKey = object.metadata?.annotations?.[CONFIG_KEY_ANNOTATION] ?? fallbackConfigKey;
    if (!name || !configKey) return undefined;
    return new PluginConfigMap(object, namespace, name, configKey);
  }

  get plugin(): string | undefined {
    return this.object.metadata?.labels?.[PLUGIN_LABEL];
  }

  get resourceVersion(): string {
    return this.object.metadata?.resourceVersion ?? '';
  }

  get data(): Readonly<Record<string, string>> {
    return this.object.data ?? {};
  }

  get annotations(): Readonly<Record<string, string>> {
    return this.object.metadata?.annotations ?? {};
  }

  /** What LoadedSource.origin and error messages show for entries of this ConfigMap. */
  get origin(): string {
    return configMapOrigin(this.namespace, this.name);
  }

  get sourcesText(): string {
    return this.data[SOURCES_KEY] ?? emptySourcesDocumentText();
  }

  /** The parsed sources.yaml; throws SourcesConfigError (with line numbers) when it is broken. */
  document(): SourcesDocument {
    if (!this.parsed) {
      const document = parseSourcesDocument(this.sourcesText, this.origin);
      const foreign = Object.keys(document.catalogs ?? {}).filter((k) => k !== this.configKey);
      if (foreign.length > 0) {
        throw new SourcesConfigError(this.origin, [
          {
            field: `catalogs.${foreign[0]}`,
            message: `this ConfigMap holds only the "${this.configKey}" section; move "${foreign.join('", "')}" to its plugin's ConfigMap`,
          },
        ]);
      }
      this.parsed = document;
    }
    return this.parsed;
  }

  section(): CatalogSectionConfig {
    return this.document().catalogs?.[this.configKey] ?? {};
  }

  /** The merge layer of this ConfigMap (only its own section). */
  layer(): SourcesLayer {
    return { origin: this.origin, document: this.document() };
  }

  sourceIds(): string[] {
    return (this.section().sources ?? []).map((s) => s.id);
  }

  /** The source's entry as written and its content (the key it names, or inline), or null. */
  stateOf(sourceId: string): SourceState | null {
    const entry = findSourceEntry(this.document(), this.configKey, sourceId);
    if (!entry) return null;
    return { source: cloneEntry(entry), rawYaml: contentOf(entry, this.data) };
  }

  revisions(): ConfigMapRevisionAnnotations {
    return ConfigMapRevisionAnnotations.read(this.annotations);
  }

  /** Content stored under `key`, if any. */
  content(key: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : undefined;
  }

  /**
   * The data after writing one source: its entry spliced into sources.yaml (comments and the other
   * entries keep their bytes), its content under the key its `yamlCatalogPath` names, and the key
   * it no longer uses dropped when no other source points at it. Validates the result as the
   * loader will (strict schema, required fields) and checks the 900 KiB data cap, so nothing
   * invalid or oversized ever reaches the API server.
   */
  withSource(sourceId: string, write: SourceWrite): Record<string, string> {
    const data: Record<string, string> = { ...this.data };
    const previous = findSourceEntry(this.document(), this.configKey, sourceId);
    const edited = editSourcesDocument(
      this.sourcesText,
      this.origin,
      write
        ? { kind: 'upsert', configKey: this.configKey, source: write.source }
        : { kind: 'remove', configKey: this.configKey, sourceId },
    );
    // Throws SourcesConfigError when an entry lacks a required field such as name or type.
    mergeSourcesLayers([{ origin: this.origin, document: edited.document }]);
    data[SOURCES_KEY] = edited.text;

    const newKey = write ? contentKeyOf(write.source) : undefined;
    if (newKey !== undefined) {
      assertContentKey(newKey);
      if (write?.rawYaml !== null && write?.rawYaml !== undefined) data[newKey] = write.rawYaml;
    }
    const oldKey = previous ? contentKeyOf(previous) : undefined;
    if (oldKey !== undefined && oldKey !== newKey && oldKey !== SOURCES_KEY) {
      const stillUsed = (edited.document.catalogs?.[this.configKey]?.sources ?? []).some(
        (s) => contentKeyOf(s) === oldKey,
      );
      if (!stillUsed) delete data[oldKey];
    }
    assertConfigMapDataSize(this.name, data);
    return data;
  }
}

/**
 * The content key a source entry names (`properties.yamlCatalogPath`), if any. Inline
 * `properties.content` wins over a path, as in every store.
 */
export function contentKeyOf(source: SourceConfig): string | undefined {
  if (typeof source.properties?.content === 'string') return undefined;
  const path = source.properties?.yamlCatalogPath;
  return typeof path === 'string' ? path : undefined;
}

function contentOf(entry: SourceConfig, data: Readonly<Record<string, string>>): string | null {
  const inline = entry.properties?.content;
  if (typeof inline === 'string') return inline;
  const key = contentKeyOf(entry);
  return key !== undefined && Object.prototype.hasOwnProperty.call(data, key) ? data[key] : null;
}

/** PayloadTooLargeError (413) when the data would exceed the Kubernetes store's 900 KiB cap. */
export function assertConfigMapDataSize(
  name: string,
  data: Readonly<Record<string, string>>,
): void {
  const size = mapSizeOf(data);
  if (size > MAX_CONFIGMAP_DATA_BYTES) {
    throw new PayloadTooLargeError(
      `ConfigMap "${name}" would hold ${size} bytes of data; the Kubernetes config store allows at most ${MAX_CONFIGMAP_DATA_BYTES} bytes (900 KiB) per plugin, for all its sources together`,
      [
        {
          message: `data size ${size} bytes exceeds the limit of ${MAX_CONFIGMAP_DATA_BYTES} bytes`,
        },
      ],
      { size, limit: MAX_CONFIGMAP_DATA_BYTES },
    );
  }
}
