import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  V1ConfigMap,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { FakeKubeApiServer } from '../support/fake-kube-api-server';

const NS = 'catalog';

function statusOf(err: unknown): { code: number; reason?: string } {
  if (!(err instanceof ApiException)) throw err;
  const body = typeof err.body === 'string' ? (JSON.parse(err.body) as { reason?: string }) : {};
  return { code: err.code, reason: body.reason };
}

async function failure(promise: Promise<unknown>): Promise<{ code: number; reason?: string }> {
  try {
    await promise;
  } catch (err) {
    return statusOf(err);
  }
  throw new Error('expected the call to fail');
}

describe('FakeKubeApiServer through the real @kubernetes/client-node', () => {
  let server: FakeKubeApiServer;
  let api: CoreV1Api;
  let kc: KubeConfig;

  beforeEach(async () => {
    server = await FakeKubeApiServer.start();
    kc = new KubeConfig();
    kc.loadFromString(server.kubeconfigYaml(NS));
    api = kc.makeApiClient(CoreV1Api);
  });
  afterEach(() => server.stop());

  const configMap = (name: string, data: Record<string, string>): V1ConfigMap => ({
    metadata: { name, labels: { app: 'catalog' } },
    data,
  });

  it('creates, reads and lists ConfigMaps with a global increasing resourceVersion', async () => {
    const a = await api.createNamespacedConfigMap({
      namespace: NS,
      body: configMap('a', { k: '1' }),
    });
    const b = await api.createNamespacedConfigMap({
      namespace: NS,
      body: configMap('b', { k: '2' }),
    });
    expect(Number(b.metadata!.resourceVersion)).toBeGreaterThan(
      Number(a.metadata!.resourceVersion),
    );

    const read = await api.readNamespacedConfigMap({ name: 'a', namespace: NS });
    expect(read.data).toEqual({ k: '1' });
    expect(read.metadata!.uid).toBe(a.metadata!.uid);

    const list = await api.listNamespacedConfigMap({ namespace: NS, labelSelector: 'app=catalog' });
    expect(list.items.map((i) => i.metadata!.name)).toEqual(['a', 'b']);
    expect(list.metadata!.resourceVersion).toBe(b.metadata!.resourceVersion);
    const none = await api.listNamespacedConfigMap({ namespace: NS, labelSelector: 'app=other' });
    expect(none.items).toEqual([]);

    expect(
      await failure(api.createNamespacedConfigMap({ namespace: NS, body: configMap('a', {}) })),
    ).toEqual({
      code: 409,
      reason: 'AlreadyExists',
    });
    expect(await failure(api.readNamespacedConfigMap({ name: 'zz', namespace: NS }))).toEqual({
      code: 404,
      reason: 'NotFound',
    });
  });

  it('replaces only with the current resourceVersion (409 Conflict otherwise)', async () => {
    const created = await api.createNamespacedConfigMap({
      namespace: NS,
      body: configMap('a', { k: '1' }),
    });
    const updated = await api.replaceNamespacedConfigMap({
      name: 'a',
      namespace: NS,
      body: { ...created, data: { k: '2' } },
    });
    expect(updated.data).toEqual({ k: '2' });
    expect(
      await failure(
        api.replaceNamespacedConfigMap({
          name: 'a',
          namespace: NS,
          body: { ...created, data: { k: '3' } },
        }),
      ),
    ).toEqual({ code: 409, reason: 'Conflict' });
    expect(server.get('configmaps', NS, 'a')!.data).toEqual({ k: '2' });
  });

  it('patches with JSON patch (the client default) and merge patch, honouring resourceVersion', async () => {
    const created = await api.createNamespacedConfigMap({
      namespace: NS,
      body: configMap('a', { k: '1' }),
    });
    await api.patchNamespacedConfigMap({
      name: 'a',
      namespace: NS,
      body: [{ op: 'add', path: '/data/j', value: 'x' }],
    });
    const merged = await api.patchNamespacedConfigMap(
      { name: 'a', namespace: NS, body: { data: { k: null, m: 'y' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ j: 'x', m: 'y' });
    expect(
      await failure(
        api.patchNamespacedConfigMap(
          {
            name: 'a',
            namespace: NS,
            body: {
              metadata: { resourceVersion: created.metadata!.resourceVersion },
              data: { z: '1' },
            },
          },
          setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
        ),
      ),
    ).toEqual({ code: 409, reason: 'Conflict' });
    expect(server.requestsMatching({ verb: 'patch' }).map((r) => r.patchType)).toEqual([
      PatchStrategy.JsonPatch,
      PatchStrategy.MergePatch,
      PatchStrategy.StrategicMergePatch,
    ]);
  });

  it('rejects data over 1 MiB and annotations over 256 KiB like the API server', async () => {
    expect(
      await failure(
        api.createNamespacedConfigMap({
          namespace: NS,
          body: configMap('big', { k: 'x'.repeat(1024 * 1024) }),
        }),
      ),
    ).toEqual({ code: 422, reason: 'Invalid' });
    expect(
      await failure(
        api.createNamespacedConfigMap({
          namespace: NS,
          body: { metadata: { name: 'ann', annotations: { 'a.b/c': 'x'.repeat(256 * 1024) } } },
        }),
      ),
    ).toEqual({ code: 422, reason: 'Invalid' });
  });

  it('stores Secrets base64-encoded (stringData converted) and deletes objects', async () => {
    await api.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 's' }, stringData: { token: 'hunter2' } },
    });
    const secret = await api.readNamespacedSecret({ name: 's', namespace: NS });
    expect(Buffer.from(secret.data!.token, 'base64').toString()).toBe('hunter2');
    await api.deleteNamespacedSecret({ name: 's', namespace: NS });
    expect(server.get('secrets', NS, 's')).toBeUndefined();
    expect(server.requests.map((r) => `${r.verb} ${r.resource} ${r.status}`)).toEqual([
      'create secrets 201',
      'get secrets 200',
      'delete secrets 200',
    ]);
  });

  it('streams watch events from a resourceVersion, filtered by label selector', async () => {
    const first = await api.createNamespacedConfigMap({
      namespace: NS,
      body: configMap('a', { k: '1' }),
    });
    await api.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'unlabelled' } },
    });
    const events: Array<[string, string, string | undefined]> = [];
    const done = new Promise<unknown>((resolve) => {
      void new Watch(kc).watch(
        `/api/v1/namespaces/${NS}/configmaps`,
        { labelSelector: 'app=catalog', resourceVersion: first.metadata!.resourceVersion },
        (type: string, obj: V1ConfigMap) => events.push([type, obj.metadata!.name!, obj.data?.k]),
        resolve,
      );
    });
    await waitFor(() => server.openWatches === 1);
    await api.replaceNamespacedConfigMap({
      name: 'a',
      namespace: NS,
      body: { metadata: { name: 'a', labels: { app: 'catalog' } }, data: { k: '2' } },
    });
    await api.createNamespacedConfigMap({ namespace: NS, body: configMap('b', { k: '3' }) });
    await api.deleteNamespacedConfigMap({ name: 'a', namespace: NS });
    await waitFor(() => events.length === 3);
    server.closeWatches();
    await done;
    expect(events).toEqual([
      ['MODIFIED', 'a', '2'],
      ['ADDED', 'b', '3'],
      ['DELETED', 'a', '2'],
    ]);
  });

  it('starts a watch without resourceVersion with the current objects, and answers 410 after compaction', async () => {
    const a = await api.createNamespacedConfigMap({
      namespace: NS,
      body: configMap('a', { k: '1' }),
    });
    const events: string[] = [];
    const watch = new Watch(kc);
    const done = new Promise<unknown>((resolve) => {
      void watch.watch(
        `/api/v1/namespaces/${NS}/configmaps`,
        {},
        (type: string, obj: V1ConfigMap) => events.push(`${type} ${obj.metadata!.name}`),
        resolve,
      );
    });
    await waitFor(() => events.length === 1);
    server.closeWatches();
    await done;
    expect(events).toEqual(['ADDED a']);

    await api.createNamespacedConfigMap({ namespace: NS, body: configMap('b', { k: '2' }) });
    server.compactEvents();
    const errors: unknown[] = [];
    const expired = new Promise<unknown>((resolve) => {
      void watch.watch(
        `/api/v1/namespaces/${NS}/configmaps`,
        { resourceVersion: a.metadata!.resourceVersion },
        (type: string, obj: { code?: number }) => errors.push([type, obj.code]),
        resolve,
      );
    });
    await expired;
    expect(errors).toEqual([['ERROR', 410]]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
