import { readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import {
  K8sStoreHarness,
  MCP,
  MODEL,
  NAMESPACE,
  SCOPES,
} from '../../../../../test/k8s/k8s-store-harness';
import { SHIPPED_CONFIG_DIR } from '../../../../../test/support/config-dir';
import { ReadOnlyConfigStore } from '../read-only-config-store';
import { ConfigConflictError } from '../config-conflict.error';
import {
  InvalidArgumentError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationFailedError,
} from '../../errors/catalog-errors';
import { SourceConfig } from '../../config/sources-config';

const NEW_SOURCE: SourceConfig = { id: 'team-servers', name: 'Team servers', type: 'yaml' };
const V1 = '# team servers, first cut\nmcpservers:\n  - name: alpha   # keep this comment\n\n';
const V2 = 'mcpservers:\n  - name: alpha\n  - name: beta\n';

describe('K8sConfigMapStore against the fake API server', () => {
  let h: K8sStoreHarness;

  beforeEach(async () => {
    h = await K8sStoreHarness.start();
  });
  afterEach(() => h.close());

  describe('bootstrap', () => {
    it('creates one ConfigMap per plugin from the shipped sources.yaml, content files copied into <id>.yaml keys', async () => {
      const store = h.newStore();
      const loaded = await store.load(SCOPES);

      const names = h.server.list('configmaps', NAMESPACE).map((cm) => cm.metadata.name);
      expect(names).toEqual(['catalog-sources-mcp', 'catalog-sources-model']);
      const mcp = h.configMap('mcp')!;
      expect(Object.keys(mcp.data!).sort()).toEqual(['sample-mcp-servers.yaml', 'sources.yaml']);
      expect(mcp.data!['sample-mcp-servers.yaml']).toBe(
        readFileSync(`${SHIPPED_CONFIG_DIR}/mcp/mcp-servers.yaml`, 'utf8'),
      );
      expect(mcp.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'catalog-server',
        'catalog.kubeflow.org/plugin': 'mcp',
      });
      // sources.yaml holds only the plugin's own section, pointing at the ConfigMap keys.
      const doc = parseYaml(mcp.data!['sources.yaml']) as {
        catalogs: Record<string, { sources: SourceConfig[] }>;
      };
      expect(Object.keys(doc.catalogs)).toEqual(['mcp']);
      expect(doc.catalogs.mcp.sources[0].properties).toEqual({
        yamlCatalogPath: 'sample-mcp-servers.yaml',
      });
      const model = h.configMap('model')!;
      expect(Object.keys(model.data!).sort()).toEqual([
        'dev-community.yaml',
        'dev-organization.yaml',
        'dev-validated.yaml',
        'huggingface-sample.yaml',
        'red-hat-sample.yaml',
        'sources.yaml',
      ]);

      // The view matches the shipped files' view, apart from where things live.
      const shipped = await new ReadOnlyConfigStore(h.config.root, [
        h.config.path('sources.yaml'),
      ]).load();
      const strip = (c: typeof loaded.config) =>
        Object.values(c.catalogs).map((section) => ({
          ...section,
          sources: section.sources.map(({ origin: _o, properties: _p, ...rest }) => rest),
        }));
      expect(strip(loaded.config)).toEqual(strip(shipped.config));
      const source = loaded.config.catalogs.models.sources.find((s) => s.id === 'dev-validated')!;
      expect(source.origin).toBe(`configmap/${NAMESPACE}/catalog-sources-model/sources.yaml`);
      expect(
        await store.readContent(source.properties.yamlCatalogPath as string, source.origin),
      ).toBe(readFileSync(`${SHIPPED_CONFIG_DIR}/models/dev-validated-models.yaml`, 'utf8'));
      // The shipped state is the first revision, so it can be rolled back to.
      const revisions = await store.listRevisions(MODEL, 'dev-validated');
      expect(revisions).toMatchObject([{ author: 'bootstrap', action: 'apply' }]);
    });

    it('leaves an existing ConfigMap alone and uses it (another replica bootstrapped first)', async () => {
      await h.newStore().load(SCOPES);
      const before = h.configMap('mcp')!.metadata.resourceVersion;
      h.server.clearRequests();
      await h.newStore().load(SCOPES);
      expect(h.configMap('mcp')!.metadata.resourceVersion).toBe(before);
      expect(h.server.requests.map((r) => `${r.verb} ${r.resource}`)).toEqual(['list configmaps']);
    });

    it('two replicas bootstrapping at once end up with one ConfigMap per plugin (create 409 AlreadyExists → read)', async () => {
      // Both list before either creates, so both try to create.
      const lists = h.server.gate((r) => r.verb === 'list', 2);
      const loads = Promise.all([h.newStore().load(SCOPES), h.newStore().load(SCOPES)]);
      await lists.waitForHeld(2);
      lists.release();
      const [a, b] = await loads;
      expect(a).toEqual(b);
      expect(h.server.list('configmaps', NAMESPACE)).toHaveLength(2);
      expect(h.server.requestsMatching({ verb: 'create', status: 409 })).toHaveLength(2);
    });
  });

  describe('writes', () => {
    it('keeps every source of a plugin, new ones included, in the single plugin ConfigMap', async () => {
      const store = h.newStore();
      await store.load(SCOPES);
      const result = await store.applySource(
        MCP,
        NEW_SOURCE.id,
        { source: NEW_SOURCE, rawYaml: V1 },
        { author: 'alice' },
      );
      expect(result).toMatchObject({ previousRevision: null, created: true });

      expect(h.server.list('configmaps', NAMESPACE)).toHaveLength(2);
      const mcp = h.configMap('mcp')!;
      expect(mcp.data!['team-servers.yaml']).toBe(V1);
      const doc = parseYaml(mcp.data!['sources.yaml']) as {
        catalogs: { mcp: { sources: SourceConfig[] } };
      };
      expect(doc.catalogs.mcp.sources.map((s) => s.id)).toEqual([
        'sample-mcp-servers',
        'team-servers',
      ]);
      expect(doc.catalogs.mcp.sources[1].properties).toEqual({
        yamlCatalogPath: 'team-servers.yaml',
      });
      // Entry and content changed in one request: atomic.
      expect(h.server.requestsMatching({ verb: 'update' })).toHaveLength(1);
      expect(mcp.data!['sources.yaml']).toContain('# Created by catalog-server');
    });

    it('applies, gets, lists revisions and rolls back to the exact bytes', async () => {
      const store = h.newStore();
      await store.load(SCOPES);
      const first = await store.applySource(
        MCP,
        NEW_SOURCE.id,
        { source: NEW_SOURCE, rawYaml: V1 },
        { author: 'alice' },
      );
      const second = await store.applySource(
        MCP,
        NEW_SOURCE.id,
        { rawYaml: V2 },
        { author: 'bob', expectedRevision: first.appliedRevision },
      );
      expect(second.previousRevision).toBe(first.appliedRevision);

      const got = await store.getSource(MCP, NEW_SOURCE.id);
      expect(got).toMatchObject({
        rawYaml: V2,
        revision: second.appliedRevision,
        origin: `configmap/${NAMESPACE}/catalog-sources-mcp/sources.yaml`,
      });

      const revisions = await store.listRevisions(MCP, NEW_SOURCE.id);
      expect(revisions.map((r) => [r.id, r.author, r.action])).toEqual([
        [second.appliedRevision, 'bob', 'apply'],
        [first.appliedRevision, 'alice', 'apply'],
      ]);
      expect(revisions[1].size).toBe(Buffer.byteLength(V1));
      const old = await store.getRevision(MCP, NEW_SOURCE.id, first.appliedRevision);
      expect(old.rawYaml).toBe(V1);

      const rolled = await store.rollback(MCP, NEW_SOURCE.id, first.appliedRevision, {
        author: 'carol',
      });
      expect(rolled.appliedRevision).toBe(first.appliedRevision);
      expect((await store.getSource(MCP, NEW_SOURCE.id)).rawYaml).toBe(V1);
      expect(h.configMap('mcp')!.data!['team-servers.yaml']).toBe(V1);
      expect((await store.listRevisions(MCP, NEW_SOURCE.id))[0]).toMatchObject({
        action: 'rollback',
        author: 'carol',
      });
      await expect(store.getRevision(MCP, NEW_SOURCE.id, 'nope')).rejects.toThrow(NotFoundError);
    });

    it('disables, enables and deletes; a delete can be rolled back', async () => {
      const store = h.newStore();
      await store.load(SCOPES);
      await store.setEnabled(MODEL, 'dev-community', false, { author: 'ops' });
      expect((await store.getSource(MODEL, 'dev-community')).source.enabled).toBe(false);
      expect(
        (await store.load(SCOPES)).config.catalogs.models.sources.find(
          (s) => s.id === 'dev-community',
        )!.enabled,
      ).toBe(false);

      const content = h.configMap('model')!.data!['dev-community.yaml'];
      const beforeDelete = (await store.getSource(MODEL, 'dev-community')).revision;
      await store.deleteSource(MODEL, 'dev-community', { author: 'ops' });
      await expect(store.getSource(MODEL, 'dev-community')).rejects.toThrow(NotFoundError);
      expect(h.configMap('model')!.data!['dev-community.yaml']).toBeUndefined();
      expect((await store.listRevisions(MODEL, 'dev-community')).map((r) => r.action)).toEqual([
        'delete',
        'disable',
        'apply',
      ]);

      await store.rollback(MODEL, 'dev-community', beforeDelete, { author: 'ops' });
      const restored = await store.getSource(MODEL, 'dev-community');
      expect(restored.revision).toBe(beforeDelete);
      expect(restored.rawYaml).toBe(content);
      await expect(store.deleteSource(MODEL, 'nope', { author: 'ops' })).rejects.toThrow(
        NotFoundError,
      );
    });

    it('rejects content paths that are not keys of the ConfigMap, and entries the loader would reject', async () => {
      const store = h.newStore();
      await store.load(SCOPES);
      const withPath = { ...NEW_SOURCE, properties: { yamlCatalogPath: '../other/file.yaml' } };
      await expect(
        store.applySource(MCP, NEW_SOURCE.id, { source: withPath, rawYaml: V1 }, { author: 'a' }),
      ).rejects.toThrow(InvalidArgumentError);
      const overwriting = { ...NEW_SOURCE, properties: { yamlCatalogPath: 'sources.yaml' } };
      await expect(
        store.applySource(
          MCP,
          NEW_SOURCE.id,
          { source: overwriting, rawYaml: V1 },
          { author: 'a' },
        ),
      ).rejects.toThrow(InvalidArgumentError);
      await expect(
        store.applySource(
          MCP,
          'no-type',
          { source: { id: 'no-type', name: 'x' } as SourceConfig, rawYaml: V1 },
          { author: 'a' },
        ),
      ).rejects.toThrow(ValidationFailedError);
      expect(h.server.requestsMatching({ verb: 'update' })).toEqual([]);
    });

    it('a stale expectedRevision is a conflict carrying the current revision, never an overwrite', async () => {
      const store = h.newStore();
      await store.load(SCOPES);
      const current = (await store.getSource(MCP, 'sample-mcp-servers')).revision;
      const before = h.configMap('mcp')!;
      h.server.clearRequests();
      const err = await store
        .applySource(
          MCP,
          'sample-mcp-servers',
          { rawYaml: V2 },
          { author: 'a', expectedRevision: 'stale0000000000' },
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigConflictError);
      expect((err as ConfigConflictError).currentRevision).toBe(current);
      expect((err as ConfigConflictError).extra).toEqual({ currentRevision: current });
      expect(h.server.requestsMatching({ verb: 'update' })).toEqual([]);
      expect(h.configMap('mcp')).toEqual(before);
    });

    it('a no-op apply writes nothing', async () => {
      const store = h.newStore();
      await store.load(SCOPES);
      const current = await store.getSource(MCP, 'sample-mcp-servers');
      h.server.clearRequests();
      const result = await store.applySource(
        MCP,
        'sample-mcp-servers',
        { rawYaml: current.rawYaml! },
        { author: 'a' },
      );
      expect(result).toEqual({
        appliedRevision: current.revision,
        previousRevision: current.revision,
        created: false,
      });
      expect(h.server.requestsMatching({ verb: 'update' })).toEqual([]);
    });
  });

  describe('concurrency', () => {
    const sourceB: SourceConfig = { id: 'other-servers', name: 'Other servers', type: 'yaml' };

    it('writes from two store instances both land: the loser of the race gets 409 and retries', async () => {
      const one = h.newStore();
      const two = h.newStore();
      await one.load(SCOPES);
      await two.load(SCOPES);
      h.server.clearRequests();
      // Hold both replaces until both were sent with the same resourceVersion.
      const updates = h.server.gate((r) => r.verb === 'update', 2);
      const writes = Promise.all([
        one.applySource(MCP, NEW_SOURCE.id, { source: NEW_SOURCE, rawYaml: V1 }, { author: 'one' }),
        two.applySource(MCP, sourceB.id, { source: sourceB, rawYaml: V2 }, { author: 'two' }),
      ]);
      await updates.waitForHeld(2);
      updates.release();
      const [a, b] = await writes;

      const mcp = h.configMap('mcp')!;
      expect(mcp.data!['team-servers.yaml']).toBe(V1);
      expect(mcp.data!['other-servers.yaml']).toBe(V2);
      expect((await one.getSource(MCP, sourceB.id)).revision).toBe(b.appliedRevision);
      expect((await two.getSource(MCP, NEW_SOURCE.id)).revision).toBe(a.appliedRevision);
      const statuses = h.server.requestsMatching({ verb: 'update' }).map((r) => r.status);
      expect(statuses.filter((s) => s === 409)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(2);
      // The retry re-read the ConfigMap before writing again.
      expect(h.server.requestsMatching({ verb: 'get' }).length).toBeGreaterThanOrEqual(3);
      expect([...one.log.debugs, ...two.log.debugs].join('\n')).toMatch(/retrying/);
    });

    it("after a 409 the caller's expectedRevision is checked again: a lost race is a conflict, not an overwrite", async () => {
      const one = h.newStore();
      const two = h.newStore();
      await one.load(SCOPES);
      await two.load(SCOPES);
      const current = (await one.getSource(MCP, 'sample-mcp-servers')).revision;
      const updates = h.server.gate((r) => r.verb === 'update', 2);
      const results = Promise.allSettled([
        one.applySource(
          MCP,
          'sample-mcp-servers',
          { rawYaml: V1 },
          { author: 'one', expectedRevision: current },
        ),
        two.applySource(
          MCP,
          'sample-mcp-servers',
          { rawYaml: V2 },
          { author: 'two', expectedRevision: current },
        ),
      ]);
      await updates.waitForHeld(2);
      updates.release();
      const [a, b] = await results;
      const won = [a, b].filter((r) => r.status === 'fulfilled');
      const lost = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(ConfigConflictError);
      const winner = a.status === 'fulfilled' ? V1 : V2;
      expect(h.configMap('mcp')!.data!['sample-mcp-servers.yaml']).toBe(winner);
      expect((lost[0].reason as ConfigConflictError).currentRevision).toBe(
        (await one.getSource(MCP, 'sample-mcp-servers')).revision,
      );
    });

    it('gives up with 503 + Retry-After when the ConfigMap keeps changing', async () => {
      const one = h.newStore({ retry: { attempts: 1 } });
      const two = h.newStore();
      await one.load(SCOPES);
      // `one` has read the ConfigMap and sent its replace; `two` writes in between.
      const firstUpdate = h.server.gate((r) => r.verb === 'update', 1);
      const pending = one
        .applySource(MCP, NEW_SOURCE.id, { source: NEW_SOURCE, rawYaml: V1 }, { author: 'one' })
        .catch((e: unknown) => e);
      await firstUpdate.waitForHeld(1);
      await two.applySource(MCP, sourceB.id, { source: sourceB, rawYaml: V2 }, { author: 'two' });
      firstUpdate.release();
      const err = await pending;
      expect(err).toBeInstanceOf(ServiceUnavailableError);
      expect((err as ServiceUnavailableError).headers).toEqual({ 'Retry-After': '1' });
      expect(h.configMap('mcp')!.data!['team-servers.yaml']).toBeUndefined();
    });

    it('many concurrent writers on one ConfigMap lose no update', async () => {
      // Nine writers on one object: allow enough attempts for the unluckiest one.
      const retry = { attempts: 30, baseDelayMs: 5, maxDelayMs: 40 };
      const stores = [h.newStore({ retry }), h.newStore({ retry }), h.newStore({ retry })];
      for (const s of stores) await s.load(SCOPES);
      const ids: string[] = [];
      const writes: Array<Promise<unknown>> = [];
      stores.forEach((store, i) => {
        for (let k = 0; k < 3; k++) {
          const id = `writer-${i}-${k}`;
          ids.push(id);
          writes.push(
            store.applySource(
              MCP,
              id,
              { source: { id, name: id, type: 'yaml' }, rawYaml: `# ${id}\n` },
              { author: id },
            ),
          );
        }
      });
      await Promise.all(writes);
      const view = await h.newStore().load(SCOPES);
      expect(view.config.catalogs.mcp.sources.map((s) => s.id)).toEqual([
        'sample-mcp-servers',
        ...ids.sort(),
      ]);
      for (const id of ids) expect(h.configMap('mcp')!.data![`${id}.yaml`]).toBe(`# ${id}\n`);
      expect(h.server.requestsMatching({ verb: 'update', status: 409 }).length).toBeGreaterThan(0);
    });
  });

  describe('reconciliation', () => {
    it('a restarted store (new instance) reconciles the ConfigMaps into the same view and version', async () => {
      const first = h.newStore();
      await first.load(SCOPES);
      await first.applySource(
        MCP,
        NEW_SOURCE.id,
        { source: NEW_SOURCE, rawYaml: V1 },
        { author: 'a' },
      );
      await first.setEnabled(MODEL, 'dev-validated', false, { author: 'a' });
      const before = await first.load(SCOPES);
      await first.close();

      const restarted = h.newStore();
      const after = await restarted.load(SCOPES);
      expect(after.version).toBe(before.version);
      expect(JSON.stringify(after.config)).toBe(JSON.stringify(before.config));
      expect(after.config.catalogs.mcp.sources.map((s) => s.id)).toEqual([
        'sample-mcp-servers',
        'team-servers',
      ]);
      expect(
        await restarted.readContent(
          'team-servers.yaml',
          after.config.catalogs.mcp.sources[1].origin,
        ),
      ).toBe(V1);
    });

    it('the view does not depend on annotations or resourceVersions, only on the stored data', async () => {
      const store = h.newStore();
      const a = await store.load(SCOPES);
      const cm = h.configMap('mcp')!;
      await h.kubectl.replaceNamespacedConfigMap({
        name: cm.metadata.name,
        namespace: NAMESPACE,
        body: {
          ...cm,
          metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, note: 'x' } },
        } as never,
      });
      const b = await store.load(SCOPES);
      expect(b).toEqual(a);
    });

    it('reports a broken hand edit of sources.yaml with the ConfigMap and line', async () => {
      const store = h.newStore();
      await store.load(SCOPES);
      const cm = h.configMap('mcp')!;
      const broken = cm.data!['sources.yaml'].replace('type: yaml', 'type: [yaml');
      await h.kubectl.replaceNamespacedConfigMap({
        name: cm.metadata.name,
        namespace: NAMESPACE,
        body: { ...cm, data: { ...cm.data, 'sources.yaml': broken } } as never,
      });
      const err = await store.load(SCOPES).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect((err as Error).message).toContain(
        'configmap/catalog-test/catalog-sources-mcp/sources.yaml',
      );
      expect((err as ValidationFailedError).details[0].line).toEqual(expect.any(Number));
    });
  });
});
