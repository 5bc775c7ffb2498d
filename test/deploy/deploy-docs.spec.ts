import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/config-dir';
import {
  COMPOSE_FILE,
  DOCKERFILE,
  K8S_DIR,
  Workload,
  compose,
  k8sYamlFiles,
  kustomization,
  kustomizeResources,
  only,
  read,
} from './support/manifests';

const doc = read('docs/deploy.md');
const container = only<Workload>(kustomizeResources(K8S_DIR), 'Deployment').spec.template.spec
  .containers[0];

describe('docs/deploy.md matches the manifests', () => {
  it('names every deployment file, and every file it names exists', () => {
    const files = [
      DOCKERFILE,
      COMPOSE_FILE,
      '.dockerignore',
      ...k8sYamlFiles().filter((f) => !f.startsWith('k8s/postgres/')),
      'k8s/postgres/',
      'k8s/seed/',
    ];
    for (const file of files)
      expect({ file, mentioned: doc.includes(file) }).toEqual({ file, mentioned: true });
    for (const [, path] of doc.matchAll(/`((?:docker|k8s)\/[\w./-]+)`/g)) {
      expect({ path, exists: existsSync(join(REPO_ROOT, path)) }).toEqual({ path, exists: true });
    }
  });

  it('gives the install commands that match the files', () => {
    expect(doc).toContain(`docker compose -f ${COMPOSE_FILE} up --build`);
    expect(doc).toContain(`docker build -f ${DOCKERFILE}`);
    expect(doc).toContain('kubectl apply -k k8s/');
    expect(doc).toContain('kubectl apply -k k8s/postgres/');
    expect(doc).toContain('npm run k8s:sync-seed');
    expect(doc).toContain(`kubectl create namespace ${kustomization(K8S_DIR).namespace}`);
  });

  it('explains every variable the compose file and the Deployment set, with the values they set', () => {
    const names = new Set([
      ...Object.keys(compose().services['catalog-server'].environment ?? {}),
      ...(container.env ?? []).map((e) => e.name),
    ]);
    for (const name of names)
      expect({ name, mentioned: doc.includes(name) }).toEqual({ name, mentioned: true });
    for (const e of container.env ?? []) {
      if (e.value !== undefined)
        expect({ name: e.name, documented: doc.includes(`${e.name}=${e.value}`) }).toEqual({
          name: e.name,
          documented: true,
        });
    }
    const secret = container.env!.find((e) => e.name === 'DATABASE_URL')!.valueFrom!.secretKeyRef!;
    expect(doc).toContain(`\`${secret.name}\`, key \`${secret.key}\``);
  });

  it('documents the probes the Deployment uses', () => {
    for (const probe of [
      container.startupProbe,
      container.readinessProbe,
      container.livenessProbe,
    ]) {
      expect(doc).toContain(`\`${probe!.httpGet!.path}\``);
    }
    expect(doc).toContain(`failureThreshold: ${container.startupProbe!.failureThreshold}`);
  });
});
