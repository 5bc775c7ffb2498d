import { CatalogPlugin, hasCliHints, hasUiHints } from './catalog-plugin';
import { hasSourceCatalog } from '../ingestion/catalog-definition';
import type { ManagementCapabilitiesDto } from './plugins.dto';

/** Names of the optional capabilities a plugin implements, checked at runtime. */
export function capabilitiesOf(plugin: CatalogPlugin): string[] {
  const caps: string[] = [];
  if (hasSourceCatalog(plugin)) caps.push('sources', 'validation', 'refresh', 'diagnostics');
  if (hasUiHints(plugin)) caps.push('ui-hints');
  if (hasCliHints(plugin)) caps.push('cli-hints');
  return caps;
}

export function managementCapabilitiesOf(
  plugin: CatalogPlugin,
  storeWritable: boolean,
): ManagementCapabilitiesDto {
  const managed = hasSourceCatalog(plugin);
  return {
    sources: managed,
    validate: managed,
    apply: managed && storeWritable,
    refresh: managed,
    diagnostics: managed,
    providerTypes: managed ? plugin.catalog.providers.map((p) => p.type) : [],
  };
}
