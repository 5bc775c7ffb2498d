import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { loadCatalogEnv } from '@catalog/plugin';
import { REPO_ROOT } from '../support/config-dir';
import {
  Container,
  K8S_DIR,
  K8sObject,
  ServiceObject,
  Workload,
  k8sYamlFiles,
  kustomization,
  kustomizeResources,
  literals,
  only,
  yamlDocs,
} from './support/manifests';

const POSTGRES_DIR = join(K8S_DIR, 'postgres');
const resources = kustomizeResources(K8S_DIR);
const deployment = only<Workload>(resources, 'Deployment', 'catalog-server');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const envOf = (c: Container) => new Map((c.env ?? []).map((e) => [e.name, e]));
const env = envOf(container);

/** `kubectl kustomize` when kubectl is installed (it embeds kustomize); skipped otherwise. */
const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const withKubectl = kubectl ? it : it.skip;

describe('k8s/ manifests', () => {
  it('every YAML file parses, and every document is a Kubernetes object or a kustomization', () => {
    const files = k8sYamlFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'k8s/kustomization.yaml',
        'k8s/deployment.yaml',
        'k8s/service.yaml',
        'k8s/rbac.yaml',
        'k8s/postgres/kustomization.yaml',
        'k8s/postgres/statefulset.yaml',
        'k8s/postgres/service.yaml',
      ]),
    );
    for (const file of files) {
      const docs = yamlDocs<K8sObject>(file);
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        expect(typeof doc.apiVersion).toBe('string');
        expect(typeof doc.kind).toBe('string');
        if (!doc.kind.startsWith('Kustomization'))
          expect(doc.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      }
    }
  });

  it('the kustomization lists the server, its Service and the RBAC of the config store, in one namespace', () => {
    const k = kustomization(K8S_DIR);
    expect(k.resources).toEqual(
      expect.arrayContaining(['rbac.yaml', 'deployment.yaml', 'service.yaml']),
    );
    // The RoleBinding's ServiceAccount subject needs a namespace; kustomize fills it from here.
    expect(k.namespace).toMatch(/^[a-z0-9-]+$/);
    expect(kustomization(POSTGRES_DIR).namespace).toBe(k.namespace);
    expect(resources.filter((r) => r.metadata.namespace !== undefined)).toEqual([]);
    expect(k.images?.map((i) => i.name)).toEqual([container.image]);
  });

  it('the Deployment runs as the RBAC ServiceAccount, with the store in k8s mode', () => {
    const sa = only<K8sObject>(resources, 'ServiceAccount');
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    const binding = only<K8sObject & { subjects: Array<{ kind: string; name: string }> }>(
      resources,
      'RoleBinding',
    );
    expect(binding.subjects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'ServiceAccount', name: sa.metadata.name }),
      ]),
    );
    expect(env.get('CATALOG_CONFIG_STORE_MODE')?.value).toBe('k8s');
    expect(env.get('CATALOG_CONFIG_NAMESPACE')?.valueFrom).toEqual({
      fieldRef: { fieldPath: 'metadata.namespace' },
    });
    expect(env.get('HOST')?.value).toBe('0.0.0.0');
    expect(env.get('DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'catalog-server-database',
      key: 'url',
    });
  });

  it('protects the management plane with tokens read from a Secret mounted read-only', () => {
    expect(env.get('CATALOG_AUTH_MODE')?.value).toBe('token');
    const file = env.get('CATALOG_AUTH_TOKENS_FILE')!.value!;
    const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`))!;
    expect(mount.readOnly).toBe(true);
    const volume = pod.volumes!.find((v) => v.name === mount.name)!;
    expect(volume.secret?.secretName).toBe('catalog-server-auth');
  });

  it('is hardened: non-root, read-only root filesystem, no privilege escalation, no capabilities, resources set', () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBe(65532);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources?.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources?.limits?.memory).toEqual(expect.any(String));
    // Nothing writable is mounted: in k8s mode with DATABASE_URL the server writes no files.
    const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
    for (const mount of container.volumeMounts ?? []) {
      expect({
        mount: mount.name,
        readOnly: mount.readOnly === true || volumes.get(mount.name)?.emptyDir !== undefined,
      }).toEqual({ mount: mount.name, readOnly: true });
    }
  });

  it('stops within its grace period: the kubelet never needs to SIGKILL', () => {
    const values = Object.fromEntries(
      [...env.values()].filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]),
    );
    const parsed = loadCatalogEnv({ ...values, DATABASE_URL: 'postgres://x@db/x' });
    expect(parsed.SHUTDOWN_DRAIN_MS).toBeGreaterThan(0); // endpoints need a moment to drop the pod
    expect(pod.terminationGracePeriodSeconds! * 1000).toBeGreaterThanOrEqual(
      parsed.SHUTDOWN_GRACE_MS + 2000,
    );
  });

  it('gives the boot-time load a generous startup budget before liveness applies', () => {
    const { startupProbe, readinessProbe, livenessProbe } = container;
    expect(startupProbe!.failureThreshold! * startupProbe!.periodSeconds!).toBeGreaterThanOrEqual(
      120,
    );
    // Each probe must outlast the slowest readiness check (config store: 2 s).
    for (const probe of [startupProbe, readinessProbe, livenessProbe])
      expect(probe!.timeoutSeconds).toBeGreaterThanOrEqual(3);
  });

  it('the Service selects the Deployment’s pods and targets its http port', () => {
    const service = only<ServiceObject>(resources, 'Service', 'catalog-server');
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      deployment.spec.selector.matchLabels,
    );
    const portNames = (container.ports ?? []).map((p) => p.name);
    for (const port of service.spec.ports) expect(portNames).toContain(port.targetPort);
  });

  it('the optional PostgreSQL kustomization provides the Secret the Deployment reads, pointing at its own Service', () => {
    const k = kustomization(POSTGRES_DIR);
    expect(k.generatorOptions?.disableNameSuffixHash).toBe(true); // referenced from another kustomization
    const pg = literals(k.secretGenerator!.find((s) => s.name === 'catalog-postgres')!.literals);
    const url = new URL(
      literals(k.secretGenerator!.find((s) => s.name === 'catalog-server-database')!.literals).url,
    );
    const pgResources = kustomizeResources(POSTGRES_DIR);
    const service = only<ServiceObject>(pgResources, 'Service');
    const statefulSet = only<Workload>(pgResources, 'StatefulSet');
    expect({
      user: url.username,
      password: url.password,
      db: url.pathname.slice(1),
      host: url.hostname,
      port: url.port,
    }).toEqual({
      user: pg.POSTGRES_USER,
      password: pg.POSTGRES_PASSWORD,
      db: pg.POSTGRES_DB,
      host: service.metadata.name,
      port: String(service.spec.ports[0].port),
    });
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    const db = statefulSet.spec.template.spec.containers[0];
    expect(db.envFrom).toEqual([{ secretRef: { name: 'catalog-postgres' } }]);
    expect(db.readinessProbe?.exec?.command.join(' ')).toContain('pg_isready');
    expect(db.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    expect(statefulSet.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
  });

  withKubectl(
    'kustomize builds both kustomizations; names and namespaces come out consistent',
    () => {
      const build = (dir: string) =>
        (
          loadAll(
            execFileSync('kubectl', ['kustomize', join(REPO_ROOT, dir)], { encoding: 'utf8' }),
          ) as K8sObject[]
        ).filter(Boolean);
      const app = build(K8S_DIR);
      const namespace = kustomization(K8S_DIR).namespace;
      expect(new Set(app.map((o) => o.metadata.namespace))).toEqual(new Set([namespace]));
      const binding = only<K8sObject & { subjects: Array<{ namespace?: string }> }>(
        app,
        'RoleBinding',
      );
      expect(binding.subjects[0].namespace).toBe(namespace);
      const seed = only<K8sObject>(app, 'ConfigMap');
      const built = only<Workload>(app, 'Deployment');
      expect(built.spec.template.spec.volumes?.find((v) => v.configMap)?.configMap?.name).toBe(
        seed.metadata.name,
      );
      const pg = build(POSTGRES_DIR);
      expect(pg.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'Secret/catalog-postgres',
        'Secret/catalog-server-database',
        'Service/catalog-postgres',
        'StatefulSet/catalog-postgres',
      ]);
    },
  );

  it('k8s/rbac.yaml is the config-store helper’s; its verb coverage is tested next to the store', () => {
    expect(
      existsSync(join(REPO_ROOT, 'libs/catalog-plugin/src/store/k8s/k8s-rbac-coverage.spec.ts')),
    ).toBe(true);
    expect(
      readFileSync(
        join(REPO_ROOT, 'libs/catalog-plugin/src/store/k8s/k8s-rbac-coverage.spec.ts'),
        'utf8',
      ),
    ).toContain("'k8s', 'rbac.yaml'");
  });
});
