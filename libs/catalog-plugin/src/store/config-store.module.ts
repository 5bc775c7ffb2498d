import { DynamicModule, Module } from '@nestjs/common';
import { CatalogEnv, configPaths } from '../config/catalog-env';
import { CONFIG_STORE, ConfigStore } from './config-store';
import { FileConfigStore } from './file-config-store';
import { ReadOnlyConfigStore } from './read-only-config-store';
import { createSecretResolver } from './secrets/create-secret-resolver';
import { SECRET_RESOLVER } from './secrets/secret-resolver';

/** A store that cannot be built from the environment (reported at boot, before serving). */
export class ConfigStoreBootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigStoreBootError';
  }
}

/**
 * Builds the ConfigStore named by CATALOG_CONFIG_STORE_MODE: `file` (default) → FileConfigStore,
 * `none` → ReadOnlyConfigStore (every mutation answers 409 READ_ONLY), `k8s` → K8sConfigMapStore.
 * An unknown mode is already rejected by env validation (config/catalog-env.ts).
 */
export async function createConfigStore(env: CatalogEnv): Promise<ConfigStore> {
  const mode = env.CATALOG_CONFIG_STORE_MODE;
  switch (mode) {
    case 'file':
      return new FileConfigStore({ root: env.CATALOG_CONFIG_DIR, paths: configPaths(env) });
    case 'none':
      return new ReadOnlyConfigStore(env.CATALOG_CONFIG_DIR, configPaths(env));
    case 'k8s': {
      // Loaded lazily: the Kubernetes client is large and only this mode needs it.
      const { createK8sConfigMapStore } = await import('./k8s/create-k8s-config-store');
      return createK8sConfigMapStore(env);
    }
    default:
      throw new ConfigStoreBootError(
        `unknown CATALOG_CONFIG_STORE_MODE ${JSON.stringify(mode satisfies never)}`,
      );
  }
}

/** Chooses file, Kubernetes ConfigMap or read-only storage at boot, and the matching SecretResolver. */
@Module({})
export class ConfigStoreModule {
  static forRoot(env: CatalogEnv): DynamicModule {
    return {
      module: ConfigStoreModule,
      providers: [
        { provide: CONFIG_STORE, useFactory: () => createConfigStore(env) },
        { provide: SECRET_RESOLVER, useFactory: () => createSecretResolver(env) },
      ],
      exports: [CONFIG_STORE, SECRET_RESOLVER],
    };
  }
}
