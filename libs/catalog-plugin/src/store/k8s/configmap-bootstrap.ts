import { readFile } from 'node:fs/promises';
import {
  CatalogLabelConfig,
  CatalogSection,
  LoadedSource,
  SOURCES_API_VERSION,
  SOURCES_KIND,
  SourceConfig,
} from '../../config/sources-config';
import type { StoreScope } from '../config-store';
import { createRevisionEntry, SourceRevisionEntry } from '../source-revision';
import { readSourcesFiles } from '../sources-files';
import { renderSourcesDocument } from '../sources-document-editor';
import { resolveInsideRoot } from '../store-paths';
import { SOURCES_KEY, assertContentKey, contentKeyFor } from './configmap-layout';
import { assertConfigMapDataSize } from './plugin-configmap';

/** Author recorded on the revisions a ConfigMap starts with. */
export const BOOTSTRAP_AUTHOR = 'bootstrap';

export interface BootstrapFiles {
  /** The sources.yaml files (CATALOG_CONFIG_PATHS), merged in order. Read only. */
  paths: readonly string[];
  /** Content paths must resolve inside this directory (CATALOG_CONFIG_DIR). */
  root: string;
}

export interface BootstrappedConfigMap {
  data: Record<string, string>;
  /** One revision per source, so the history starts with the shipped state. */
  revisions: Array<{ sourceId: string; entry: SourceRevisionEntry }>;
}

const HEADER =
  '# Created by catalog-server from the bootstrap sources.yaml (CATALOG_CONFIG_PATHS).\n' +
  "# Holds only this plugin's section; each source's content is the ConfigMap key its yamlCatalogPath names.\n";

/**
 * The first contents of a plugin's ConfigMap: that plugin's section of the bootstrap sources.yaml
 * files, with each source's content file copied into a `<sourceId>.yaml` key and `yamlCatalogPath`
 * rewritten to that key, so a fresh cluster starts with the shipped catalog. Only reads files.
 */
export async function bootstrapConfigMapData(
  scope: StoreScope,
  files: BootstrapFiles,
  configMapName: string,
  now: Date = new Date(),
): Promise<BootstrappedConfigMap> {
  const section: CatalogSection | undefined =
    files.paths.length > 0
      ? (await readSourcesFiles(files.paths)).config.catalogs[scope.configKey]
      : undefined;
  const data: Record<string, string> = {};
  const sources: SourceConfig[] = [];
  const revisions: BootstrappedConfigMap['revisions'] = [];
  for (const loaded of section?.sources ?? []) {
    const source = asWritten(loaded);
    let rawYaml: string | null =
      typeof source.properties?.content === 'string' ? source.properties.content : null;
    const path = source.properties?.yamlCatalogPath;
    if (typeof path === 'string' && rawYaml === null) {
      const key = contentKeyFor(source.id);
      assertContentKey(key);
      rawYaml = await readFile(resolveInsideRoot(files.root, path, loaded.origin), 'utf8');
      data[key] = rawYaml;
      source.properties = { ...source.properties, yamlCatalogPath: key };
    }
    sources.push(source);
    revisions.push({
      sourceId: source.id,
      entry: createRevisionEntry(
        { source, rawYaml },
        { action: 'apply', author: BOOTSTRAP_AUTHOR, createdAt: now },
      ),
    });
  }
  const sectionConfig = {
    ...(section?.labels.length ? { labels: section.labels.map(labelAsWritten) } : {}),
    ...(section && Object.keys(section.namedQueries).length
      ? { namedQueries: section.namedQueries }
      : {}),
    sources,
  };
  data[SOURCES_KEY] =
    HEADER +
    renderSourcesDocument({
      apiVersion: SOURCES_API_VERSION,
      kind: SOURCES_KIND,
      catalogs: { [scope.configKey]: sectionConfig },
    });
  assertConfigMapDataSize(configMapName, data);
  return { data, revisions };
}

/** The merged entry without the defaults the merge spelled out (`enabled: true`, `labels: []`). */
function asWritten(loaded: LoadedSource): SourceConfig {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { origin, enabled, labels, properties, ...rest } = loaded;
  return {
    ...rest,
    ...(enabled ? {} : { enabled }),
    ...(labels.length ? { labels } : {}),
    properties: { ...properties },
  };
}

/** `name` first, as people write labels (the merge sorted the keys). */
function labelAsWritten(label: CatalogLabelConfig): CatalogLabelConfig {
  const { name, ...rest } = label;
  return { name, ...rest };
}
