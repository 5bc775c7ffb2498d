import { V1ConfigMap } from '@kubernetes/client-node';
import {
  K8sStoreHarness,
  MCP,
  MODEL,
  NAMESPACE,
  SCOPES,
  eventually,
} from '../../../../../test/k8s/k8s-store-harness';
import { StoreChangeEvent } from '../config-store';

describe('K8sConfigMapStore watch', () => {
  let h: K8sStoreHarness;

  beforeEach(async () => {
    h = await K8sStoreHarness.start();
  });
  afterEach(() => h.close());

  /** A `kubectl edit`: read the ConfigMap, change it, replace it, through a separate client. */
  async function kubectlEdit(plugin: string, edit: (cm: V1ConfigMap) => void): Promise<string> {
    const cm = await h.kubectl.readNamespacedConfigMap({
      name: `catalog-sources-${plugin}`,
      namespace: NAMESPACE,
    });
    edit(cm);
    const written = await h.kubectl.replaceNamespacedConfigMap({
      name: cm.metadata!.name!,
      namespace: NAMESPACE,
      body: cm,
    });
    return written.metadata!.resourceVersion!;
  }

  it('reports a kubectl-like edit of a plugin ConfigMap, and the next load reconciles it', async () => {
    const store = h.newStore();
    const before = await store.load(SCOPES);
    const events: StoreChangeEvent[] = [];
    store.watch((e) => events.push(e));
    await eventually(() => h.server.openWatches === 1);

    const version = await kubectlEdit('model', (cm) => {
      cm.data!['sources.yaml'] = cm.data!['sources.yaml'].replace(
        /\n( *)- id: dev-community\n/,
        (line, indent: string) => `${line}${indent}  enabled: false\n`,
      );
      cm.data!['dev-organization.yaml'] = '# emptied by hand\nmodels: []\n';
    });
    await eventually(() => events.length === 1);
    expect(events[0]).toEqual({
      configKeys: ['models'],
      reason: `ConfigMap catalog-sources-model modified outside this server (resourceVersion ${version})`,
    });

    const after = await store.load(SCOPES);
    expect(after.version).not.toBe(before.version);
    expect(
      after.config.catalogs.models.sources.find((s) => s.id === 'dev-community')!.enabled,
    ).toBe(false);
    const org = after.config.catalogs.models.sources.find((s) => s.id === 'dev-organization')!;
    expect(await store.readContent('dev-organization.yaml', org.origin)).toBe(
      '# emptied by hand\nmodels: []\n',
    );
    // The hand edit is a revision of its own, so the pre-edit state stays reachable.
    const revisions = await store.listRevisions(MODEL, 'dev-organization');
    expect(revisions.map((r) => r.author)).toEqual(['external', 'bootstrap']);
  });

  it('does not report its own writes, but does report writes of another replica', async () => {
    const store = h.newStore();
    const other = h.newStore();
    await store.load(SCOPES);
    const events: StoreChangeEvent[] = [];
    store.watch((e) => events.push(e));
    await eventually(() => h.server.openWatches === 1);

    await store.setEnabled(MCP, 'sample-mcp-servers', false, { author: 'me' });
    await store.setEnabled(MCP, 'sample-mcp-servers', true, { author: 'me' });
    await other.setEnabled(MODEL, 'dev-validated', false, { author: 'other replica' });
    await eventually(() => events.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.map((e) => e.configKeys)).toEqual([['models']]);
  });

  it('re-opens a watch the API server closed, from the last version seen (no change lost)', async () => {
    const store = h.newStore();
    await store.load(SCOPES);
    const events: StoreChangeEvent[] = [];
    store.watch((e) => events.push(e));
    await eventually(() => h.server.openWatches === 1);
    h.server.closeWatches();
    // Changed while no watch was open.
    await kubectlEdit('mcp', (cm) => {
      cm.data!['sample-mcp-servers.yaml'] += '# touched\n';
    });
    await eventually(() => events.length === 1);
    expect(events[0].configKeys).toEqual(['mcp']);
    expect(h.server.requestsMatching({ verb: 'watch' }).length).toBeGreaterThanOrEqual(2);
  });

  it('after 410 Gone it re-lists and asks for a full reload', async () => {
    const store = h.newStore();
    await store.load(SCOPES);
    const events: StoreChangeEvent[] = [];
    store.watch((e) => events.push(e));
    await eventually(() => h.server.openWatches === 1);
    h.server.closeWatches();
    await kubectlEdit('mcp', (cm) => {
      cm.data!['sample-mcp-servers.yaml'] += '# touched\n';
    });
    h.server.compactEvents();
    await eventually(() => events.some((e) => e.configKeys.length === 0));
    expect(events.find((e) => e.configKeys.length === 0)!.reason).toMatch(/watch expired/);
    await eventually(() => h.server.openWatches === 1);
  });

  it('stops watching when the last listener unsubscribes or the store closes', async () => {
    const store = h.newStore();
    await store.load(SCOPES);
    const off = store.watch(() => undefined);
    await eventually(() => h.server.openWatches === 1);
    off();
    await eventually(() => h.server.openWatches === 0);
    store.watch(() => undefined);
    await eventually(() => h.server.openWatches === 1);
    await store.close();
    await eventually(() => h.server.openWatches === 0);
  });
});
