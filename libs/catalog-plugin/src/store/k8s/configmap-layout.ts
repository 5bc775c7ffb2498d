import { InvalidArgumentError } from '../../errors/catalog-errors';

/**
 * How the Kubernetes store lays out a plugin's configuration: one ConfigMap per plugin (C1),
 * named `<prefix>-<plugin>`, holding `sources.yaml` plus one key per source's content.
 */

/** The key holding the plugin's CatalogSources document. */
export const SOURCES_KEY = 'sources.yaml';

/** Set on every ConfigMap the store creates; the watch and the list select on it. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'catalog-server';
export const PLUGIN_LABEL = 'catalog.kubeflow.org/plugin';
/** The sources.yaml section (config key) the ConfigMap holds. An annotation: any string fits. */
export const CONFIG_KEY_ANNOTATION = 'catalog.kubeflow.org/config-key';
/** Prefix of the per-source revision history annotations. */
export const REVISION_ANNOTATION_PREFIX = 'catalog.kubeflow.org/rev-';

export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

/** Kubernetes allows 1 MiB per object; 900 KiB of data leaves room for metadata. */
export const MAX_CONFIGMAP_DATA_BYTES = 900 * 1024;
/** Kubernetes' limit on all annotations of one object together (keys + values). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** Headroom below that limit for annotations other tools add (kubectl, GitOps controllers). */
export const ANNOTATIONS_HEADROOM_BYTES = 8 * 1024;
/** Revisions kept per source (newest first); size limits may evict more. */
export const MAX_CONFIGMAP_REVISIONS_PER_SOURCE = 10;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** `<prefix>-<plugin>`; the plugin name must make a valid DNS-1123 name. */
export function configMapNameFor(prefix: string, plugin: string): string {
  const name = `${prefix}-${plugin}`;
  if (!DNS_LABEL.test(plugin) || name.length > 253) {
    throw new InvalidArgumentError(
      `plugin name ${JSON.stringify(plugin)} cannot name a ConfigMap (${JSON.stringify(name)}): use lower-case letters, digits and "-"`,
    );
  }
  return name;
}

/** Where a source's content lives by default: the `<sourceId>.yaml` key. */
export function contentKeyFor(sourceId: string): string {
  return `${sourceId}.yaml`;
}

/** Throws unless `key` can be a content key of the ConfigMap (not `sources.yaml`, no path). */
export function assertContentKey(key: string): void {
  if (!CONFIGMAP_KEY.test(key) || key === '.' || key === '..' || key.length > 253) {
    throw new InvalidArgumentError(
      `yamlCatalogPath ${JSON.stringify(key)} is not a ConfigMap key: in the Kubernetes store it names a key of the plugin's ConfigMap (letters, digits, "-", "_", ".")`,
      [
        {
          field: 'properties.yamlCatalogPath',
          message: 'must be a ConfigMap key such as "<sourceId>.yaml"',
        },
      ],
    );
  }
  if (key === SOURCES_KEY) {
    throw new InvalidArgumentError(
      `yamlCatalogPath may not be ${JSON.stringify(SOURCES_KEY)}: that key holds the source entries`,
      [{ field: 'properties.yamlCatalogPath', message: `must not be "${SOURCES_KEY}"` }],
    );
  }
}

/** Bytes the API server counts for a map: every key plus every value. */
export function mapSizeOf(map: Readonly<Record<string, string>> | undefined): number {
  let size = 0;
  for (const [key, value] of Object.entries(map ?? {})) {
    size += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  return size;
}

/** Origin of the entries of a plugin ConfigMap (what LoadedSource.origin and errors show). */
export function configMapOrigin(namespace: string, name: string): string {
  return `configmap/${namespace}/${name}/${SOURCES_KEY}`;
}

/** The ConfigMap name of an origin made by configMapOrigin, or undefined. */
export function configMapNameOfOrigin(origin: string, namespace: string): string | undefined {
  const prefix = `configmap/${namespace}/`;
  if (!origin.startsWith(prefix) || !origin.endsWith(`/${SOURCES_KEY}`)) return undefined;
  return origin.slice(prefix.length, origin.length - SOURCES_KEY.length - 1);
}
