import type { MigrationInterface } from 'typeorm';
import type { CatalogSection } from '../config/sources-config';

/** DI token every plugin module provides. The kernel discovers all providers of it at boot. */
export const CATALOG_PLUGIN = Symbol('CATALOG_PLUGIN');

export type MigrationClass = new () => MigrationInterface;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityClass = Function;

export interface PluginHealth {
  healthy: boolean;
  message?: string;
}

/**
 * The contract of an asset-type plugin (the Go design's CatalogPlugin). Identity, lifecycle and
 * health are required; everything else is an optional capability interface checked at runtime.
 */
export interface CatalogPlugin {
  /** Unique plugin name, e.g. `mcp`. */
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** Key of this plugin's section under `catalogs:` in sources.yaml. */
  readonly configKey: string;
  /** Data-plane base path; defaults to `/api/{name}_catalog/{version}`. */
  readonly basePath?: string;
  /** TypeORM entity classes this plugin persists (metadata for the kernel and /api/plugins). */
  readonly entities: readonly EntityClass[];
  /** TypeORM migrations creating this plugin's tables. */
  readonly migrations: readonly MigrationClass[];

  /** Called once after migrations with this plugin's section of the merged sources view. */
  init(section: CatalogSection | undefined): Promise<void>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  health?(): Promise<PluginHealth>;
}

export interface UiHints {
  displayName: string;
  icon?: string;
  /** Route segment the UI uses for this asset type. */
  entityPath: string;
  listColumns?: string[];
  detailFields?: string[];
  filterFields?: string[];
}

export interface CliHints {
  /** Noun the CLI prints for one entity, e.g. `mcp server`. */
  entityNoun: string;
  /** Columns `catalogctl` shows for entities of this plugin. */
  tableColumns: string[];
  examples?: string[];
}

export interface UiHintsCapability {
  uiHints(): UiHints;
}

export interface CliHintsCapability {
  cliHints(): CliHints;
}

export function hasUiHints(p: CatalogPlugin): p is CatalogPlugin & UiHintsCapability {
  return typeof (p as Partial<UiHintsCapability>).uiHints === 'function';
}

export function hasCliHints(p: CatalogPlugin): p is CatalogPlugin & CliHintsCapability {
  return typeof (p as Partial<CliHintsCapability>).cliHints === 'function';
}

export function defaultBasePath(
  plugin: Pick<CatalogPlugin, 'name' | 'version' | 'basePath'>,
): string {
  return plugin.basePath ?? `/api/${plugin.name}_catalog/${plugin.version}`;
}
