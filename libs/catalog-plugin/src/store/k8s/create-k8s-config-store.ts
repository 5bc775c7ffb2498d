import { CatalogEnv, configPaths } from '../../config/catalog-env';
import { KubeHost, resolveKubeAccess } from './kube-access';
import { K8sConfigMapStore, K8sConfigMapStoreOptions } from './k8s-configmap-store';

/**
 * The store for CATALOG_CONFIG_STORE_MODE=k8s. Resolves API access and namespace first, so a
 * missing KUBECONFIG / service account or namespace fails the boot with an EnvValidationError
 * naming the setting, before anything is served.
 */
export function createK8sConfigMapStore(
  env: CatalogEnv,
  host?: KubeHost,
  overrides: Partial<K8sConfigMapStoreOptions> = {},
): K8sConfigMapStore {
  const access = resolveKubeAccess(env, host);
  return new K8sConfigMapStore({
    kubeConfig: access.kubeConfig,
    namespace: access.namespace,
    configMapPrefix: env.CATALOG_CONFIG_CONFIGMAP_PREFIX,
    bootstrap: { paths: configPaths(env), root: env.CATALOG_CONFIG_DIR },
    ...overrides,
  });
}
