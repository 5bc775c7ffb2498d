import { DynamicModule, Module } from '@nestjs/common';
import { CatalogEnv, configPaths } from '../config/catalog-env';
import { CONFIG_STORE, ConfigStore } from './config-store';
import { ReadOnlyConfigStore } from './read-only-config-store';

/** Builds the ConfigStore named by CATALOG_CONFIG_STORE_MODE. */
export async function createConfigStore(env: CatalogEnv): Promise<ConfigStore> {
  switch (env.CATALOG_CONFIG_STORE_MODE) {
    case 'none':
    case 'file':
    case 'k8s':
      return new ReadOnlyConfigStore(env.CATALOG_CONFIG_DIR, configPaths(env));
  }
}

/** Chooses file, Kubernetes ConfigMap or read-only storage at boot. */
@Module({})
export class ConfigStoreModule {
  static forRoot(env: CatalogEnv): DynamicModule {
    return {
      module: ConfigStoreModule,
      providers: [{ provide: CONFIG_STORE, useFactory: () => createConfigStore(env) }],
      exports: [CONFIG_STORE],
    };
  }
}
