import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseSourcesDocument } from '@catalog/plugin';
import { K8sStoreHarness, MCP, MODEL, SCOPES } from '../k8s/k8s-store-harness';
import { makeConfigDir, REPO_ROOT } from '../support/config-dir';
import {
  K8S_DIR,
  Workload,
  filesUnder,
  generatorFiles,
  kustomization,
  kustomizeResources,
  only,
} from './support/manifests';

const SEED_DIR = join(K8S_DIR, 'seed');
const generator = kustomization(K8S_DIR).configMapGenerator!.find(
  (g) => g.name === 'catalog-seed',
)!;
const entries = generatorFiles(generator.files ?? []);
const pod = only<Workload>(kustomizeResources(K8S_DIR), 'Deployment').spec.template.spec;
const container = pod.containers[0];
const seedVolume = pod.volumes!.find((v) => v.configMap?.name === 'catalog-seed')!;
const seedMount = container.volumeMounts!.find((m) => m.name === seedVolume.name)!;
const envValue = (name: string) => container.env!.find((e) => e.name === name)?.value;
const CONFIGMAP_LIMIT = 1024 * 1024;

/** What the kubelet writes into the pod: each generator key at its item path (relative to the mount). */
function projectedSeed(): Record<string, string> {
  const data = new Map(
    entries.map((e) => [e.key, readFileSync(join(REPO_ROOT, K8S_DIR, e.file), 'utf8')]),
  );
  return Object.fromEntries(
    seedVolume.configMap!.items!.map((item) => [item.path, data.get(item.key)!]),
  );
}

describe('the seed ConfigMap (k8s/seed → catalog-seed)', () => {
  it('k8s/seed is an exact copy of config/ (run `npm run k8s:sync-seed` after changing config/)', () => {
    const shipped = filesUnder('config').filter(
      (f) => f.endsWith('.yaml') && !f.split('/').some((p) => p.startsWith('.')),
    );
    expect(filesUnder(SEED_DIR)).toEqual(shipped);
    for (const file of shipped) {
      expect({
        file,
        same:
          readFileSync(join(REPO_ROOT, 'config', file), 'utf8') ===
          readFileSync(join(REPO_ROOT, SEED_DIR, file), 'utf8'),
      }).toEqual({ file, same: true });
    }
  });

  it('the generator lists every seed file under a unique, valid key, within the ConfigMap size limit', () => {
    expect(entries.map((e) => posix.relative('seed', e.file)).sort()).toEqual(filesUnder(SEED_DIR));
    const keys = entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[-._a-zA-Z0-9]+$/);
    const bytes = Object.values(projectedSeed()).reduce(
      (n, text) => n + Buffer.byteLength(text),
      0,
    );
    expect(bytes).toBeLessThan(CONFIGMAP_LIMIT - 64 * 1024);
  });

  it('the Deployment mounts it read-only, restoring the layout sources.yaml refers to', () => {
    expect(seedMount.readOnly).toBe(true);
    expect(seedVolume.configMap!.items!.map((i) => i.key).sort()).toEqual(
      entries.map((e) => e.key).sort(),
    );
    for (const item of seedVolume.configMap!.items!) {
      const entry = entries.find((e) => e.key === item.key)!;
      expect(item.path).toBe(posix.relative('seed', entry.file));
    }
    expect(envValue('CATALOG_CONFIG_DIR')).toBe(seedMount.mountPath);
    expect(envValue('CATALOG_CONFIG_PATHS')).toBe(posix.join(seedMount.mountPath, 'sources.yaml'));
    // Every content path the seed's sources.yaml names is projected.
    const projected = projectedSeed();
    const parsed = parseSourcesDocument(projected['sources.yaml'], 'sources.yaml');
    const paths = Object.values(parsed.catalogs ?? {}).flatMap((section) =>
      (section.sources ?? [])
        .map((s) => s.properties?.yamlCatalogPath)
        .filter((p): p is string => typeof p === 'string'),
    );
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(Object.keys(projected)).toContain(path);
  });

  it('a k8s config store bootstraps every plugin ConfigMap from the projected seed', async () => {
    const h = await K8sStoreHarness.start(makeConfigDir(projectedSeed()));
    try {
      const store = h.newStore();
      const loaded = await store.load(SCOPES);
      for (const scope of [MCP, MODEL]) {
        const shipped = loaded.config.catalogs[scope.configKey]?.sources.map((s) => s.id) ?? [];
        expect({ scope: scope.plugin, sources: shipped.length > 0 }).toEqual({
          scope: scope.plugin,
          sources: true,
        });
        expect(h.configMap(scope.plugin)).toBeDefined();
      }
      expect(loaded.config.catalogs.mcp.sources.map((s) => s.id)).toEqual(['sample-mcp-servers']);
    } finally {
      await h.close();
    }
  });
});
