import { existsSync, readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { CatalogEnv, EnvValidationError } from '../../config/catalog-env';

/** Where a pod's service-account token, CA and namespace are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** How the server reaches the Kubernetes API, resolved once at boot. */
export interface KubeAccess {
  kubeConfig: KubeConfig;
  /** Namespace of the plugin ConfigMaps (and the default namespace of SecretRefs). */
  namespace: string;
  via: 'kubeconfig' | 'in-cluster';
}

/**
 * What `resolveKubeAccess` looks at besides CatalogEnv. Injectable so tests can boot "in a pod"
 * without one: `pathPrefix` is prepended to the service-account paths, as in
 * `KubeConfig.loadFromCluster(pathPrefix)`.
 */
export interface KubeHost {
  /** KUBECONFIG, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are read from here. */
  env: Record<string, string | undefined>;
  pathPrefix: string;
}

export function processKubeHost(): KubeHost {
  return { env: process.env, pathPrefix: '' };
}

/**
 * Resolves the API access and namespace for CATALOG_CONFIG_STORE_MODE=k8s. An explicit
 * KUBECONFIG wins over the in-cluster service account (so a developer can point a pod-like
 * process at another cluster). Every missing setting is named in one EnvValidationError, so the
 * server fails at boot with a message an operator can act on instead of failing on first use.
 */
export function resolveKubeAccess(env: CatalogEnv, host: KubeHost = processKubeHost()): KubeAccess {
  const problems: string[] = [];
  const saDir = `${host.pathPrefix}${SERVICE_ACCOUNT_DIR}`;
  let kubeConfig: KubeConfig | undefined;
  let via: KubeAccess['via'] = 'kubeconfig';

  const kubeconfigPath = host.env.KUBECONFIG?.split(':').find((p) => p.trim() !== '');
  if (kubeconfigPath) {
    if (!existsSync(kubeconfigPath)) {
      problems.push(`KUBECONFIG=${JSON.stringify(kubeconfigPath)}: file does not exist`);
    } else {
      try {
        kubeConfig = new KubeConfig();
        kubeConfig.loadFromFile(kubeconfigPath);
        if (!kubeConfig.getCurrentCluster()) {
          problems.push(
            `KUBECONFIG=${JSON.stringify(kubeconfigPath)}: no current-context with a cluster`,
          );
        }
      } catch (err) {
        problems.push(
          `KUBECONFIG=${JSON.stringify(kubeconfigPath)}: cannot load: ${(err as Error).message}`,
        );
      }
    }
  } else if (host.env.KUBERNETES_SERVICE_HOST && existsSync(`${saDir}/token`)) {
    kubeConfig = new KubeConfig();
    // Reads KUBERNETES_SERVICE_HOST/PORT from process.env; copy them in for an injected host.
    withEnv(host.env, () => kubeConfig!.loadFromCluster(host.pathPrefix));
    via = 'in-cluster';
  } else {
    problems.push(
      'KUBECONFIG: CATALOG_CONFIG_STORE_MODE=k8s needs access to the Kubernetes API: set KUBECONFIG, ' +
        `or run in a pod (KUBERNETES_SERVICE_HOST and ${saDir}/token are missing)`,
    );
  }

  const namespace = env.CATALOG_CONFIG_NAMESPACE ?? readNamespaceFile(`${saDir}/namespace`);
  if (!namespace) {
    problems.push(
      `CATALOG_CONFIG_NAMESPACE: required when CATALOG_CONFIG_STORE_MODE=k8s outside a pod (${saDir}/namespace does not exist)`,
    );
  } else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || namespace.length > 63) {
    problems.push(
      `CATALOG_CONFIG_NAMESPACE=${JSON.stringify(namespace)}: must be a DNS-1123 label`,
    );
  }
  if (problems.length > 0 || !kubeConfig || !namespace) throw new EnvValidationError(problems);
  return { kubeConfig, namespace, via };
}

function readNamespaceFile(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const value = readFileSync(path, 'utf8').trim();
  return value === '' ? undefined : value;
}

function withEnv(env: Record<string, string | undefined>, run: () => void): void {
  if (env === process.env) return run();
  const keys = ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'] as const;
  const saved = keys.map((k) => process.env[k]);
  try {
    for (const k of keys) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    run();
  } finally {
    keys.forEach((k, i) => {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    });
  }
}
