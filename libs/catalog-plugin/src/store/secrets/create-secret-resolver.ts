import type { CatalogEnv } from '../../config/catalog-env';
import type { KubeHost } from '../k8s/kube-access';
import { FileSecretResolver } from './file-secret-resolver';
import { NoSecretResolver } from './no-secret-resolver';
import type { SecretResolver } from './secret-resolver';

/**
 * The SecretResolver for this deployment: Kubernetes Secrets in k8s mode (same API access and
 * namespace as the ConfigMap store), else files under CATALOG_SECRETS_DIR, else one that fails
 * every lookup with a message saying what to configure. The Kubernetes client is loaded only in
 * k8s mode.
 */
export async function createSecretResolver(
  env: CatalogEnv,
  host?: KubeHost,
): Promise<SecretResolver> {
  if (env.CATALOG_CONFIG_STORE_MODE === 'k8s') {
    const [{ CoreV1Api }, { resolveKubeAccess }, { K8sSecretResolver }] = await Promise.all([
      import('@kubernetes/client-node'),
      import('../k8s/kube-access'),
      import('./k8s-secret-resolver'),
    ]);
    const access = resolveKubeAccess(env, host);
    return new K8sSecretResolver(access.kubeConfig.makeApiClient(CoreV1Api), access.namespace);
  }
  if (env.CATALOG_SECRETS_DIR) return new FileSecretResolver(env.CATALOG_SECRETS_DIR);
  return new NoSecretResolver();
}
