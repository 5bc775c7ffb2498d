import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '../../../../../test/support/fake-kube-api-server';
import { makeConfigDir } from '../../../../../test/support/config-dir';
import { EnvValidationError, loadCatalogEnv } from '../../config/catalog-env';
import { ServiceUnavailableError } from '../../errors/catalog-errors';
import { createConfigStore } from '../config-store.module';
import { FileSecretResolver } from '../secrets/file-secret-resolver';
import { K8sSecretResolver } from '../secrets/k8s-secret-resolver';
import { NoSecretResolver } from '../secrets/no-secret-resolver';
import { createSecretResolver } from '../secrets/create-secret-resolver';
import { SERVICE_ACCOUNT_DIR, resolveKubeAccess } from './kube-access';
import { K8sConfigMapStore } from './k8s-configmap-store';
import { configMapNameFor } from './configmap-layout';

const k8sEnv = (extra: Record<string, string> = {}) =>
  loadCatalogEnv({ CATALOG_CONFIG_STORE_MODE: 'k8s', ...extra });

async function bootError(run: () => unknown): Promise<EnvValidationError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof EnvValidationError) return err;
    throw err;
  }
  throw new Error('expected a boot error');
}

describe('k8s store mode at boot', () => {
  let dir: string;
  let server: FakeKubeApiServer;
  let kubeconfig: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-k8s-boot-'));
    server = await FakeKubeApiServer.start();
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfigYaml('from-context'));
  });
  afterEach(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fake pod filesystem: the service-account token, CA and namespace under `dir`. */
  function podFiles(namespace: string): string {
    const sa = join(dir, SERVICE_ACCOUNT_DIR);
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'pod-token');
    writeFileSync(join(sa, 'ca.crt'), '');
    writeFileSync(join(sa, 'namespace'), `${namespace}\n`);
    return dir;
  }

  it('without KUBECONFIG, outside a pod and without a namespace, names both missing settings', async () => {
    const err = await bootError(() => resolveKubeAccess(k8sEnv(), { env: {}, pathPrefix: dir }));
    expect(err.problems).toHaveLength(2);
    expect(err.problems[0]).toMatch(/^KUBECONFIG: .*set KUBECONFIG, or run in a pod/);
    expect(err.problems[1]).toMatch(/^CATALOG_CONFIG_NAMESPACE: required/);
  });

  it('names a KUBECONFIG that does not exist', async () => {
    const err = await bootError(() =>
      resolveKubeAccess(k8sEnv({ CATALOG_CONFIG_NAMESPACE: 'ns' }), {
        env: { KUBECONFIG: join(dir, 'missing') },
        pathPrefix: dir,
      }),
    );
    expect(err.problems).toEqual([
      `KUBECONFIG=${JSON.stringify(join(dir, 'missing'))}: file does not exist`,
    ]);
  });

  it('with KUBECONFIG but no namespace outside a pod, asks for CATALOG_CONFIG_NAMESPACE', async () => {
    const err = await bootError(() =>
      resolveKubeAccess(k8sEnv(), { env: { KUBECONFIG: kubeconfig }, pathPrefix: dir }),
    );
    expect(err.problems).toEqual([expect.stringMatching(/^CATALOG_CONFIG_NAMESPACE: required/)]);
    expect(err.message).toContain('CATALOG_CONFIG_NAMESPACE');
  });

  it('rejects a namespace that is not a DNS label', async () => {
    const err = await bootError(() =>
      resolveKubeAccess(k8sEnv({ CATALOG_CONFIG_NAMESPACE: 'Bad_NS' }), {
        env: { KUBECONFIG: kubeconfig },
        pathPrefix: dir,
      }),
    );
    expect(err.problems).toEqual([
      expect.stringMatching(/^CATALOG_CONFIG_NAMESPACE="Bad_NS": must be a DNS-1123 label/),
    ]);
  });

  it('in a pod: uses the service account and its namespace file; CATALOG_CONFIG_NAMESPACE wins over it', () => {
    const prefix = podFiles('catalog-prod');
    const podEnv = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const access = resolveKubeAccess(k8sEnv(), { env: podEnv, pathPrefix: prefix });
    expect(access).toMatchObject({ via: 'in-cluster', namespace: 'catalog-prod' });
    expect(access.kubeConfig.getCurrentCluster()!.server).toBe('https://10.0.0.1:443');
    const overridden = resolveKubeAccess(k8sEnv({ CATALOG_CONFIG_NAMESPACE: 'other' }), {
      env: podEnv,
      pathPrefix: prefix,
    });
    expect(overridden.namespace).toBe('other');
  });

  it('KUBECONFIG wins over the in-cluster service account', () => {
    const prefix = podFiles('catalog-prod');
    const access = resolveKubeAccess(k8sEnv(), {
      env: {
        KUBECONFIG: kubeconfig,
        KUBERNETES_SERVICE_HOST: '10.0.0.1',
        KUBERNETES_SERVICE_PORT: '443',
      },
      pathPrefix: prefix,
    });
    expect(access.via).toBe('kubeconfig');
    expect(access.kubeConfig.getCurrentCluster()!.server).toBe(server.url);
    expect(access.namespace).toBe('catalog-prod');
  });

  describe('through ConfigStoreModule (process environment)', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });

    it('CATALOG_CONFIG_STORE_MODE=k8s builds a K8sConfigMapStore that bootstraps into the namespace', async () => {
      process.env.KUBECONFIG = kubeconfig;
      const config = makeConfigDir({}, { copyShipped: true });
      try {
        const env = k8sEnv({
          CATALOG_CONFIG_NAMESPACE: 'catalog',
          CATALOG_CONFIG_CONFIGMAP_PREFIX: 'my-catalog',
          CATALOG_CONFIG_DIR: config.root,
          CATALOG_CONFIG_PATHS: config.path('sources.yaml'),
        });
        const store = await createConfigStore(env);
        expect(store).toBeInstanceOf(K8sConfigMapStore);
        expect(store.mode).toBe('k8s');
        await store.load([{ plugin: 'mcp', configKey: 'mcp' }]);
        expect(server.list('configmaps', 'catalog').map((cm) => cm.metadata.name)).toEqual([
          'my-catalog-mcp',
        ]);
        await store.ping();
        await store.close();
        await server.stop();
        await expect(store.ping()).rejects.toThrow(ServiceUnavailableError);
      } finally {
        config.remove();
      }
    });

    it('fails the boot with the missing setting named when there is no cluster access', async () => {
      delete process.env.KUBECONFIG;
      delete process.env.KUBERNETES_SERVICE_HOST;
      const err = await bootError(() =>
        createConfigStore(k8sEnv({ CATALOG_CONFIG_NAMESPACE: 'catalog' })),
      );
      expect(err.message).toMatch(/KUBECONFIG/);
    });

    it('rejects an unknown store mode while validating the environment', () => {
      expect(() => loadCatalogEnv({ CATALOG_CONFIG_STORE_MODE: 'etcd' })).toThrow(
        /CATALOG_CONFIG_STORE_MODE/,
      );
    });
  });

  it('refuses plugin names that cannot name a ConfigMap', () => {
    expect(configMapNameFor('catalog-sources', 'model')).toBe('catalog-sources-model');
    expect(() => configMapNameFor('catalog-sources', 'My_Plugin')).toThrow(
      /cannot name a ConfigMap/,
    );
  });
});

describe('createSecretResolver', () => {
  it('uses Kubernetes Secrets in k8s mode, files with CATALOG_SECRETS_DIR, else fails every lookup clearly', async () => {
    const server = await FakeKubeApiServer.start();
    const dir = mkdtempSync(join(tmpdir(), 'catalog-k8s-secrets-'));
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, server.kubeconfigYaml());
      const k8s = await createSecretResolver(k8sEnv({ CATALOG_CONFIG_NAMESPACE: 'catalog' }), {
        env: { KUBECONFIG: kubeconfig },
        pathPrefix: dir,
      });
      expect(k8s).toBeInstanceOf(K8sSecretResolver);
      server.seed('secrets', 'catalog', {
        metadata: { name: 's' },
        data: { k: Buffer.from('v').toString('base64') },
      });
      expect((await k8s.resolve({ name: 's', key: 'k' })).reveal()).toBe('v');

      const files = await createSecretResolver(loadCatalogEnv({ CATALOG_SECRETS_DIR: dir }));
      expect(files).toBeInstanceOf(FileSecretResolver);
      const none = await createSecretResolver(loadCatalogEnv({}));
      expect(none).toBeInstanceOf(NoSecretResolver);
      await expect(none.resolve({ name: 's', key: 'k' })).rejects.toThrow(
        /set CATALOG_SECRETS_DIR/,
      );
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
