import {
  K8sStoreHarness,
  MCP,
  SCOPES,
  incompressibleYaml,
} from '../../../../../test/k8s/k8s-store-harness';
import { KubeObject } from '../../../../../test/support/fake-kube-api-server';
import { PayloadTooLargeError } from '../../errors/catalog-errors';
import { SourceConfig } from '../../config/sources-config';
import { MAX_ANNOTATIONS_BYTES, MAX_CONFIGMAP_DATA_BYTES } from './configmap-layout';

const BIG: SourceConfig = { id: 'big-catalog', name: 'Big catalog', type: 'yaml' };

/** What the API server counts against the 256 KiB limit. */
function annotationBytes(cm: KubeObject): number {
  return Object.entries(cm.metadata.annotations ?? {}).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
    0,
  );
}

describe('K8sConfigMapStore size limits', () => {
  let h: K8sStoreHarness;

  beforeEach(async () => {
    h = await K8sStoreHarness.start();
  });
  afterEach(() => h.close());

  it('keeps all annotations under 256 KiB with large content by evicting the oldest revisions, and says so', async () => {
    const store = h.newStore();
    await store.load(SCOPES);
    const versions = [1, 2, 3, 4, 5].map((seed) => incompressibleYaml(150 * 1024, seed));
    const applied: string[] = [];
    for (const rawYaml of versions) {
      const result = await store.applySource(
        MCP,
        BIG.id,
        { source: BIG, rawYaml },
        { author: 'loader' },
      );
      applied.push(result.appliedRevision);
      const cm = h.configMap('mcp')!;
      expect(annotationBytes(cm)).toBeLessThanOrEqual(MAX_ANNOTATIONS_BYTES);
      expect(cm.data!['big-catalog.yaml']).toBe(rawYaml);
    }
    // ~150 KiB of random text stays > 100 KiB gzipped+base64: at most two revisions fit.
    const revisions = await store.listRevisions(MCP, BIG.id);
    expect(revisions.length).toBeLessThan(versions.length);
    expect(revisions[0].id).toBe(applied[applied.length - 1]);
    expect(revisions[revisions.length - 1].olderRevisionsEvicted).toBe(
      versions.length - revisions.length,
    );
    expect(revisions.slice(0, -1).every((r) => r.olderRevisionsEvicted === undefined)).toBe(true);
    expect(store.log.warnings.join('\n')).toMatch(/evicted \d+ oldest revision\(s\).*256 KiB/);
    // Kept revisions still hold their exact bytes.
    const kept = await store.getRevision(MCP, BIG.id, revisions[revisions.length - 1].id);
    expect(kept.rawYaml).toBe(versions[versions.length - revisions.length]);
    // Other sources' small histories are evicted only when they are the oldest.
    expect(annotationBytes(h.configMap('mcp')!)).toBeGreaterThan(100 * 1024);
  });

  it('keeps the newest 10 revisions per source', async () => {
    const store = h.newStore();
    await store.load(SCOPES);
    for (let i = 0; i < 13; i++) {
      await store.applySource(
        MCP,
        BIG.id,
        { source: BIG, rawYaml: `# v${i}\n` },
        { author: `a${i}` },
      );
    }
    const revisions = await store.listRevisions(MCP, BIG.id);
    expect(revisions.map((r) => r.author)).toEqual([
      'a12',
      'a11',
      'a10',
      'a9',
      'a8',
      'a7',
      'a6',
      'a5',
      'a4',
      'a3',
    ]);
    expect(revisions.some((r) => r.olderRevisionsEvicted)).toBe(false);
  });

  it('refuses data over 900 KiB with PayloadTooLargeError before any write reaches the API', async () => {
    const store = h.newStore();
    await store.load(SCOPES);
    h.server.clearRequests();
    const tooBig = incompressibleYaml(MAX_CONFIGMAP_DATA_BYTES + 1024, 7);
    const err = await store
      .applySource(MCP, BIG.id, { source: BIG, rawYaml: tooBig }, { author: 'a' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect((err as PayloadTooLargeError).message).toMatch(/catalog-sources-mcp.*900 KiB/);
    expect((err as PayloadTooLargeError).extra).toMatchObject({ limit: MAX_CONFIGMAP_DATA_BYTES });
    expect(h.server.requests.map((r) => r.verb)).toEqual(['get']);
  });

  it('counts all sources of the plugin together against the 900 KiB cap', async () => {
    const store = h.newStore();
    await store.load(SCOPES);
    const half = incompressibleYaml(500 * 1024, 3);
    await store.applySource(
      MCP,
      'first-half',
      { source: { ...BIG, id: 'first-half' }, rawYaml: half },
      { author: 'a' },
    );
    h.server.clearRequests();
    await expect(
      store.applySource(
        MCP,
        'second-half',
        { source: { ...BIG, id: 'second-half' }, rawYaml: half },
        { author: 'a' },
      ),
    ).rejects.toThrow(PayloadTooLargeError);
    expect(h.server.requestsMatching({ verb: 'update' })).toEqual([]);
    expect(h.configMap('mcp')!.data!['second-half.yaml']).toBeUndefined();
  });
});
