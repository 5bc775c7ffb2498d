import { createHash } from 'node:crypto';
import { compareCodePoints } from '../../config/ordering';
import { mergeSourcesLayers } from '../../config/sources-merge';
import type { LoadedConfig } from '../config-store';
import type { PluginConfigMap } from './plugin-configmap';

/**
 * Reconciles the plugin ConfigMaps into one CatalogSourcesConfig. Deterministic: ConfigMaps are
 * taken in name order, the merge sorts sections and sources, and the version is SHA-256 over the
 * names and data bytes (not annotations or resourceVersions), so the same stored bytes always
 * give the same view and version, on every replica and after every restart.
 */
export function reconcilePluginConfigMaps(configMaps: readonly PluginConfigMap[]): LoadedConfig {
  const ordered = [...configMaps].sort((a, b) => compareCodePoints(a.name, b.name));
  const config = mergeSourcesLayers(ordered.map((cm) => cm.layer()));
  const hash = createHash('sha256');
  for (const cm of ordered) {
    hash.update(cm.name).update('\0');
    for (const key of Object.keys(cm.data).sort(compareCodePoints)) {
      hash.update(key).update('\0').update(cm.data[key]).update('\0');
    }
    hash.update('\0');
  }
  return { config, version: hash.digest('hex') };
}
