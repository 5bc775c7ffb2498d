import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import {
  bool,
  dbl,
  int,
  metricsArtifact,
  modelArtifact,
  modelEntry,
  modelSourcesYaml,
  modelYaml,
  str,
} from '../support/model-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const BASE = '/api/model_catalog/v1alpha1';
const MODELS = `${BASE}/models`;

const ALPHA = modelEntry('acme/alpha-7b', {
  description: 'A general assistant',
  provider: 'Acme',
  tasks: ['text-generation', 'summarization'],
  language: ['en', 'fr'],
  createTimeSinceEpoch: '1700000000300',
  lastUpdateTimeSinceEpoch: '1700000009000',
  customProperties: {
    model_type: str('generative'),
    params: int(7),
    score: dbl(0.91),
    gated: bool(true),
  },
  artifacts: [
    modelArtifact('oci://registry.example.test/acme/alpha-7b:1.0'),
    metricsArtifact(
      'performance-metrics',
      { hardware_count: int(2), ttft_mean: dbl(85.2), hardware_type: str('H100') },
      { createTimeSinceEpoch: '1700000000400', lastUpdateTimeSinceEpoch: '1700000000500' },
    ),
    metricsArtifact('accuracy-metrics', { overall_average: dbl(0.7) }, { name: 'accuracy' }),
  ],
});
const BETA = modelEntry('acme/beta-13b', {
  provider: 'Acme',
  license: 'mit',
  language: ['de'],
  createTimeSinceEpoch: '1700000000100',
  lastUpdateTimeSinceEpoch: '1700000001000',
  customProperties: { model_type: str('generative'), params: int(13), score: dbl(0.75) },
});
const EDGE = modelEntry('edge', {
  tasks: ['other'],
  customProperties: {},
  createTimeSinceEpoch: '1700000000400',
  lastUpdateTimeSinceEpoch: '1700000002000',
  artifacts: [modelArtifact('oci://registry.example.test/edge:1.0')],
});
const EDGE_ARTIFACTS = modelEntry('edge/artifacts', {
  tasks: ['other'],
  customProperties: {},
  createTimeSinceEpoch: '1700000000500',
  lastUpdateTimeSinceEpoch: '1700000003000',
  artifacts: [modelArtifact('oci://registry.example.test/edge-artifacts:1.0')],
});
const ZETA = modelEntry('zeta/embedder', {
  provider: 'Zeta Inc',
  tasks: ['text-embedding'],
  language: ['en', 'de'],
  createTimeSinceEpoch: '1700000000200',
  lastUpdateTimeSinceEpoch: '1700000005000',
  customProperties: { model_type: str('embedding'), params: int(1) },
  artifacts: [],
});
/** No timestamps in the content: the server's clock stands in (later than every stated one). */
const GAMMA = modelEntry('gamma', {
  description: 'A Babel fish for documents',
  license: 'mit',
  tasks: ['translation'],
  language: ['fr', 'es'],
  customProperties: { model_type: str('translation') },
});
const SOLO = modelEntry('solo/one', {
  tasks: ['summarization'],
  language: ['ja'],
  createTimeSinceEpoch: '1700000000700',
  lastUpdateTimeSinceEpoch: '1700000004000',
});

const ALL_BY_NAME = [
  'acme/alpha-7b',
  'acme/beta-13b',
  'edge',
  'edge/artifacts',
  'gamma',
  'solo/one',
  'zeta/embedder',
];

const LABELS: Array<Record<string, string>> = [
  { name: 'internal', displayName: 'Internal' },
  { name: 'public', displayName: 'Public', description: 'Anyone may use these' },
  { name: 'curated', displayName: 'Curated', tier: 'gold' },
];

describe('model data plane', () => {
  let t: TestApp;

  beforeAll(async () => {
    const config = makeConfigDir({
      'sources.yaml': modelSourcesYaml(
        [
          { id: 'org', name: 'Organization', labels: ['internal'] },
          { id: 'hub', name: 'Model Hub', labels: ['public', 'curated'] },
          { id: 'plain', name: 'Plain' },
          { id: 'off', name: 'Retired', enabled: false },
          { id: 'broken', name: 'Broken' },
        ],
        LABELS,
      ),
      'models/org.yaml': modelYaml([ALPHA, BETA, EDGE, EDGE_ARTIFACTS]),
      'models/hub.yaml': modelYaml([ZETA, GAMMA]),
      'models/plain.yaml': modelYaml([SOLO]),
      'models/off.yaml': modelYaml([modelEntry('ghost/model')]),
      'models/broken.yaml': 'source: Broken\nmodels:\n  - name: a\n    colour: red\n',
    });
    t = await startTestApp({ config });
  });

  afterAll(async () => {
    await t.close();
  });

  const names = (res: { body: { items: Array<{ name: string }> } }) =>
    res.body.items.map((i) => i.name);
  const list = (query: Record<string, string | number | boolean> = {}) =>
    t.http.get(MODELS).query(query).expect(200);

  /** Every page of a list, following nextPageToken. */
  async function allPages(
    path: string,
    query: Record<string, string | number>,
  ): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let token = '';
    do {
      const res = await t.http
        .get(path)
        .query({ ...query, ...(token ? { nextPageToken: token } : {}) })
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(Number(query.pageSize));
      items.push(...res.body.items);
      token = res.body.nextPageToken;
    } while (token);
    return items;
  }

  describe('GET /models', () => {
    it('lists the models of enabled sources by name, in the upstream envelope and item shape', async () => {
      const res = await list();
      expect(names(res)).toEqual(ALL_BY_NAME);
      expect(res.body).toMatchObject({ size: 7, pageSize: 20, nextPageToken: '' });
      expect(res.body.items[0]).toEqual({
        name: 'acme/alpha-7b',
        source_id: 'org',
        id: expect.stringMatching(/^\d+$/),
        description: 'A general assistant',
        maturity: 'Development',
        language: ['en', 'fr'],
        tasks: ['text-generation', 'summarization'],
        provider: 'Acme',
        license: 'apache-2.0',
        licenseLink: 'https://www.apache.org/licenses/LICENSE-2.0',
        libraryName: 'transformers',
        customProperties: {
          model_type: { metadataType: 'MetadataStringValue', string_value: 'generative' },
          params: { metadataType: 'MetadataIntValue', int_value: '7' },
          score: { metadataType: 'MetadataDoubleValue', double_value: 0.91 },
          gated: { metadataType: 'MetadataBoolValue', bool_value: true },
        },
        createTimeSinceEpoch: '1700000000300',
        lastUpdateTimeSinceEpoch: '1700000009000',
      });
    });

    it('filters list fields: any element matches', async () => {
      const q = (filterQuery: string) => list({ filterQuery });
      expect(names(await q("tasks='text-generation'"))).toEqual(['acme/alpha-7b', 'acme/beta-13b']);
      expect(names(await q("language IN ('fr', 'de')"))).toEqual([
        'acme/alpha-7b',
        'acme/beta-13b',
        'gamma',
        'zeta/embedder',
      ]);
      expect(names(await q("license='apache-2.0' AND tasks='text-generation'"))).toEqual([
        'acme/alpha-7b',
      ]);
      expect(names(await q("tasks LIKE 'text-%' AND NOT language = 'en'"))).toEqual([
        'acme/beta-13b',
      ]);
    });

    it('filters typed custom properties: strings, ints, doubles and booleans', async () => {
      const q = (filterQuery: string) => list({ filterQuery });
      expect(names(await q("customProperties.model_type = 'generative'"))).toEqual([
        'acme/alpha-7b',
        'acme/beta-13b',
        'solo/one',
      ]);
      expect(names(await q('customProperties.params > 5'))).toEqual([
        'acme/alpha-7b',
        'acme/beta-13b',
      ]);
      expect(names(await q('customProperties.params = 1'))).toEqual(['zeta/embedder']);
      expect(names(await q('customProperties.score >= 0.9'))).toEqual(['acme/alpha-7b']);
      expect(names(await q('customProperties.score < 0.8'))).toEqual(['acme/beta-13b']);
      expect(names(await q('customProperties.gated = true'))).toEqual(['acme/alpha-7b']);
      expect(names(await q("customProperties.model_type IN ('embedding', 'translation')"))).toEqual(
        ['gamma', 'zeta/embedder'],
      );
    });

    it('searches name, description, provider and tasks with q, case-insensitively', async () => {
      expect(names(await list({ q: 'babel' }))).toEqual(['gamma']);
      expect(names(await list({ q: 'ZETA INC' }))).toEqual(['zeta/embedder']);
      expect(names(await list({ q: 'embedding' }))).toEqual(['zeta/embedder']);
      expect(names(await list({ q: 'acme/' }))).toEqual(['acme/alpha-7b', 'acme/beta-13b']);
    });

    it('scopes by source (repeated or comma-separated) and sourceLabel (null = no labels)', async () => {
      expect(names(await list({ source: 'hub,plain' }))).toEqual([
        'gamma',
        'solo/one',
        'zeta/embedder',
      ]);
      expect(names(await t.http.get(`${MODELS}?source=hub&source=plain`).expect(200))).toEqual([
        'gamma',
        'solo/one',
        'zeta/embedder',
      ]);
      expect(names(await list({ sourceLabel: 'curated' }))).toEqual(['gamma', 'zeta/embedder']);
      expect(names(await list({ sourceLabel: 'null' }))).toEqual(['solo/one']);
      expect(names(await t.http.get(`${MODELS}?sourceLabel=public,null`).expect(200))).toEqual([
        'gamma',
        'solo/one',
        'zeta/embedder',
      ]);
      expect(names(await list({ source: 'off' }))).toEqual([]);
      expect(names(await list({ source: 'org', sourceLabel: 'public' }))).toEqual([]);
    });

    it('orders by NAME, CREATE_TIME and LAST_UPDATE_TIME (the catalog-stated times) both ways', async () => {
      expect(names(await list({ orderBy: 'NAME', sortOrder: 'DESC' }))).toEqual(
        [...ALL_BY_NAME].reverse(),
      );
      const byCreate = [
        'acme/beta-13b',
        'zeta/embedder',
        'acme/alpha-7b',
        'edge',
        'edge/artifacts',
        'solo/one',
        'gamma',
      ];
      expect(names(await list({ orderBy: 'CREATE_TIME' }))).toEqual(byCreate);
      expect(names(await list({ orderBy: 'create_time', sortOrder: 'desc' }))).toEqual(
        [...byCreate].reverse(),
      );
      expect(names(await list({ orderBy: 'LAST_UPDATE_TIME' }))).toEqual([
        'acme/beta-13b',
        'edge',
        'edge/artifacts',
        'solo/one',
        'zeta/embedder',
        'acme/alpha-7b',
        'gamma',
      ]);
      const gamma = (await list({ q: 'babel' })).body.items[0];
      expect(Number(gamma.createTimeSinceEpoch)).toBeGreaterThan(1_700_000_009_000);
    });

    it('orders by ID both ways', async () => {
      const ids = (await list({ orderBy: 'ID' })).body.items.map((i: { id: string }) =>
        Number(i.id),
      );
      expect(ids).toHaveLength(7);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const desc = (await list({ orderBy: 'ID', sortOrder: 'DESC' })).body.items.map(
        (i: { id: string }) => Number(i.id),
      );
      expect(desc).toEqual([...ids].reverse());
    });

    it('pages with pageSize=2 visiting every model exactly once, in every order', async () => {
      for (const orderBy of ['NAME', 'ID', 'CREATE_TIME', 'LAST_UPDATE_TIME']) {
        for (const sortOrder of ['ASC', 'DESC']) {
          const whole = names(await list({ orderBy, sortOrder }));
          const paged = await allPages(MODELS, { pageSize: 2, orderBy, sortOrder });
          expect(paged.map((i) => i.name)).toEqual(whole);
        }
      }
    });

    it('accepts the upstream recommendation parameters and ignores them', async () => {
      const res = await list({
        recommendations: true,
        targetRPS: 10,
        latencyProperty: 'ttft_p90',
        rpsProperty: 'requests_per_second',
        hardwareCountProperty: 'hardware_count',
        hardwareTypeProperty: 'hardware_type',
      });
      expect(names(res)).toEqual(ALL_BY_NAME);
    });

    it('answers 400 in the global error shape for bad parameters', async () => {
      const bad = async (query: Record<string, string | number>, needle?: RegExp) => {
        const res = await t.http.get(MODELS).query(query);
        expectErrorShape(res, 400, 'INVALID_ARGUMENT');
        if (needle) expect(res.body.message).toMatch(needle);
      };
      await bad({ filterQuery: 'colour = 1' }, /unknown field "colour" at position 1/);
      await bad({ filterQuery: "tasks = 'x' AND" }, /position 16/);
      await bad({ filterQuery: 'tasks > 3' }, /expects a string/);
      await bad({ filterQuery: 'logo = 1' }, /not filterable/);
      await bad({ pageSize: 0 }, /pageSize/);
      await bad({ pageSize: 'abc' }, /pageSize/);
      await bad({ pageSize: 1001 }, /pageSize/);
      await bad({ orderBy: 'ACCURACY' }, /orderBy "ACCURACY" is not supported/);
      await bad({ sortOrder: 'UP' }, /sortOrder/);
      await bad({ nextPageToken: 'not-a-token' }, /nextPageToken/);
      await bad({ targetRPS: 'fast' }, /targetRPS/);
      await bad({ recommendations: 'maybe' }, /recommendations/);
      await bad({ colour: 'red' }, /colour: unknown field/);
      const page1 = await list({ pageSize: 2 });
      await bad(
        { pageSize: 2, q: 'a', nextPageToken: page1.body.nextPageToken },
        /different filter or sort/,
      );
    });
  });

  describe('GET /models/filter_options', () => {
    it('reports list elements, strings and named queries over enabled sources', async () => {
      const res = await t.http.get(`${MODELS}/filter_options`).expect(200);
      expect(res.body.filters.tasks).toEqual({
        type: 'string',
        values: ['other', 'summarization', 'text-embedding', 'text-generation', 'translation'],
      });
      expect(res.body.filters.language).toEqual({
        type: 'string',
        values: ['de', 'en', 'es', 'fr', 'ja'],
      });
      expect(res.body.filters.license).toEqual({ type: 'string', values: ['apache-2.0', 'mit'] });
      expect(res.body.filters.provider.values).toEqual(['Acme', 'Test Labs', 'Zeta Inc']);
      expect(res.body.filters.readme).toBeUndefined();
      expect(res.body.namedQueries).toEqual({});
    });
  });

  describe('GET /sources/{source_id}/models/{model_name}', () => {
    const model = (source: string, name: string) =>
      t.http.get(`${BASE}/sources/${source}/models/${name}`);

    it('serves a name with slashes written raw or URL-encoded', async () => {
      const raw = await model('org', 'acme/alpha-7b').expect(200);
      expect(raw.body).toMatchObject({ name: 'acme/alpha-7b', source_id: 'org' });
      const encoded = await model('org', 'acme%2Falpha-7b').expect(200);
      expect(encoded.body).toEqual(raw.body);
      expect((await model('hub', 'gamma').expect(200)).body.name).toBe('gamma');
      const listed = (await list({ q: 'alpha' })).body.items[0];
      expect(raw.body).toEqual(listed);
    });

    it('keeps a raw trailing /artifacts for the artifact list; %2F reaches a model named .../artifacts', async () => {
      const artifactsOfEdge = await model('org', 'edge/artifacts').expect(200);
      expect(artifactsOfEdge.body.items.map((a: { uri: string }) => a.uri)).toEqual([
        'oci://registry.example.test/edge:1.0',
      ]);
      const edgeArtifacts = await model('org', 'edge%2Fartifacts').expect(200);
      expect(edgeArtifacts.body).toMatchObject({ name: 'edge/artifacts', tasks: ['other'] });
      const itsArtifacts = await model('org', 'edge%2Fartifacts/artifacts').expect(200);
      expect(itsArtifacts.body.items.map((a: { uri: string }) => a.uri)).toEqual([
        'oci://registry.example.test/edge-artifacts:1.0',
      ]);
    });

    it('answers 404 for unknown sources and models, other sources, and disabled sources', async () => {
      expectErrorShape(await model('nope', 'acme/alpha-7b'), 404, 'NOT_FOUND');
      expectErrorShape(await model('org', 'acme/missing'), 404, 'NOT_FOUND');
      expectErrorShape(await model('hub', 'acme/alpha-7b'), 404, 'NOT_FOUND');
      expectErrorShape(await model('off', 'ghost/model'), 404, 'NOT_FOUND');
      expectErrorShape(await model('org', 'acme/missing/artifacts'), 404, 'NOT_FOUND');
      expectErrorShape(await model('off', 'ghost/model/artifacts'), 404, 'NOT_FOUND');
    });
  });

  describe('GET /sources/{source_id}/models/{model_name}/artifacts', () => {
    const ARTIFACTS = `${BASE}/sources/org/models/acme/alpha-7b/artifacts`;
    const artifacts = (query: Record<string, string | number> = {}) =>
      t.http.get(ARTIFACTS).query(query).expect(200);
    const kinds = (res: {
      body: { items: Array<{ artifactType: string; metricsType?: string }> };
    }) => res.body.items.map((a) => a.metricsType ?? a.artifactType);

    it('lists model and metrics artifacts in content order with typed custom properties', async () => {
      const res = await artifacts();
      expect(res.body).toMatchObject({ size: 3, pageSize: 20, nextPageToken: '' });
      const [model, perf, accuracy] = res.body.items;
      expect(model).toEqual({
        artifactType: 'model-artifact',
        uri: 'oci://registry.example.test/acme/alpha-7b:1.0',
        customProperties: {
          format: { metadataType: 'MetadataStringValue', string_value: 'safetensors' },
        },
        id: expect.stringMatching(/^\d+$/),
        createTimeSinceEpoch: expect.stringMatching(/^\d{13}$/),
        lastUpdateTimeSinceEpoch: expect.stringMatching(/^\d{13}$/),
      });
      expect(perf).toEqual({
        artifactType: 'metrics-artifact',
        metricsType: 'performance-metrics',
        customProperties: {
          hardware_count: { metadataType: 'MetadataIntValue', int_value: '2' },
          ttft_mean: { metadataType: 'MetadataDoubleValue', double_value: 85.2 },
          hardware_type: { metadataType: 'MetadataStringValue', string_value: 'H100' },
        },
        id: expect.stringMatching(/^\d+$/),
        createTimeSinceEpoch: '1700000000400',
        lastUpdateTimeSinceEpoch: '1700000000500',
      });
      expect(accuracy).toMatchObject({
        artifactType: 'metrics-artifact',
        metricsType: 'accuracy-metrics',
        name: 'accuracy',
      });
      expect(accuracy.uri).toBeUndefined();
    });

    it('filters by artifactType and its upstream alias artifact_type', async () => {
      expect(kinds(await artifacts({ artifactType: 'metrics-artifact' }))).toEqual([
        'performance-metrics',
        'accuracy-metrics',
      ]);
      expect(kinds(await artifacts({ artifact_type: 'model-artifact' }))).toEqual([
        'model-artifact',
      ]);
      expect(kinds(await artifacts({ artifactType: 'model-artifact,metrics-artifact' }))).toEqual([
        'model-artifact',
        'performance-metrics',
        'accuracy-metrics',
      ]);
      expectErrorShape(await t.http.get(ARTIFACTS).query({ artifactType: 'weights' }), 400);
    });

    it('filters artifacts with filterQuery over fields and custom properties', async () => {
      expect(kinds(await artifacts({ filterQuery: "metricsType = 'accuracy-metrics'" }))).toEqual([
        'accuracy-metrics',
      ]);
      expect(
        kinds(await artifacts({ filterQuery: 'customProperties.hardware_count = 2' })),
      ).toEqual(['performance-metrics']);
      expect(kinds(await artifacts({ filterQuery: "uri LIKE 'oci://%'" }))).toEqual([
        'model-artifact',
      ]);
      expectErrorShape(await t.http.get(ARTIFACTS).query({ filterQuery: 'tasks = 1' }), 400);
    });

    it('pages artifacts and binds the token to the artifactType filter', async () => {
      const paged = await allPages(ARTIFACTS, { pageSize: 1 });
      expect(paged.map((a) => a.metricsType ?? a.artifactType)).toEqual([
        'model-artifact',
        'performance-metrics',
        'accuracy-metrics',
      ]);
      const first = await artifacts({ pageSize: 1, artifactType: 'metrics-artifact' });
      expect(first.body.nextPageToken).not.toBe('');
      const reused = await t.http
        .get(ARTIFACTS)
        .query({ pageSize: 1, nextPageToken: first.body.nextPageToken });
      expectErrorShape(reused, 400, 'INVALID_ARGUMENT');
      const byName = await artifacts({ orderBy: 'NAME' });
      expect(byName.body.items[0].name).toBe('accuracy');
    });

    it('lists no artifacts for a model without any', async () => {
      const res = await t.http
        .get(`${BASE}/sources/hub/models/zeta/embedder/artifacts`)
        .expect(200);
      expect(res.body).toEqual({ items: [], size: 0, pageSize: 20, nextPageToken: '' });
    });
  });

  describe('GET /sources', () => {
    const sources = (query: Record<string, string | number> = {}) =>
      t.http.get(`${BASE}/sources`).query(query);

    it('lists every model source with labels, enabled and the status of its last refresh', async () => {
      const res = await sources().expect(200);
      expect(res.body).toMatchObject({ size: 5, pageSize: 20, nextPageToken: '' });
      const [broken, hub, off, org, plain] = res.body.items;
      expect(broken).toMatchObject({
        id: 'broken',
        name: 'Broken',
        enabled: true,
        labels: [],
        status: 'error',
      });
      expect(broken.error).toContain('models[0].colour (line 4): unknown field');
      expect(hub).toEqual({
        id: 'hub',
        name: 'Model Hub',
        labels: ['public', 'curated'],
        enabled: true,
        status: 'available',
        assetType: 'models',
      });
      expect(off).toMatchObject({ id: 'off', enabled: false, status: 'disabled' });
      expect(org).toMatchObject({ id: 'org', status: 'available', labels: ['internal'] });
      expect(plain).toMatchObject({ id: 'plain', status: 'available' });
      for (const item of [hub, off, org, plain]) expect(item.error).toBeUndefined();
    });

    it('filters by name, orders by NAME, and pages', async () => {
      const byName = await sources({ name: 'HUB' }).expect(200);
      expect(byName.body.items.map((s: { id: string }) => s.id)).toEqual(['hub']);
      const desc = await sources({ orderBy: 'NAME', sortOrder: 'DESC' }).expect(200);
      expect(desc.body.items.map((s: { name: string }) => s.name)).toEqual([
        'Retired',
        'Plain',
        'Organization',
        'Model Hub',
        'Broken',
      ]);
      const paged = await allPages(`${BASE}/sources`, { pageSize: 2, orderBy: 'NAME' });
      expect(paged.map((s) => s.name)).toEqual([
        'Broken',
        'Model Hub',
        'Organization',
        'Plain',
        'Retired',
      ]);
      expect((await sources({ assetType: 'models' }).expect(200)).body.size).toBe(5);
    });

    it('answers 400 for unsupported parameters', async () => {
      expectErrorShape(await sources({ orderBy: 'CREATE_TIME' }), 400, 'INVALID_ARGUMENT');
      expectErrorShape(await sources({ assetType: 'mcp_servers' }), 400, 'INVALID_ARGUMENT');
      expectErrorShape(await sources({ pageSize: -1 }), 400, 'INVALID_ARGUMENT');
      expectErrorShape(await sources({ nextPageToken: 'garbage' }), 400, 'INVALID_ARGUMENT');
      const first = await sources({ pageSize: 1 }).expect(200);
      expectErrorShape(
        await sources({ pageSize: 1, orderBy: 'NAME', nextPageToken: first.body.nextPageToken }),
        400,
      );
    });
  });

  describe('GET /labels', () => {
    const labels = (query: Record<string, string | number> = {}) =>
      t.http.get(`${BASE}/labels`).query(query);

    it('lists the labels of catalogs.models.labels with all their keys', async () => {
      const res = await labels().expect(200);
      expect(res.body).toEqual({
        items: [
          { name: 'curated', displayName: 'Curated', tier: 'gold' },
          { name: 'internal', displayName: 'Internal' },
          { name: 'public', displayName: 'Public', description: 'Anyone may use these' },
        ],
        size: 3,
        pageSize: 20,
        nextPageToken: '',
      });
    });

    it('orders by a label key (labels without it last) and pages', async () => {
      const byDisplay = await labels({ orderBy: 'displayName', sortOrder: 'DESC' }).expect(200);
      expect(byDisplay.body.items.map((l: { name: string }) => l.name)).toEqual([
        'public',
        'internal',
        'curated',
      ]);
      const byTier = await labels({ orderBy: 'tier' }).expect(200);
      expect(byTier.body.items.map((l: { name: string }) => l.name)).toEqual([
        'curated',
        'internal',
        'public',
      ]);
      const paged = await allPages(`${BASE}/labels`, { pageSize: 2 });
      expect(paged.map((l) => l.name)).toEqual(['curated', 'internal', 'public']);
      expectErrorShape(await labels({ assetType: 'mcp_servers' }), 400, 'INVALID_ARGUMENT');
    });
  });

  it('reports capabilities, UI hints and CLI hints through /api/plugins', async () => {
    const res = await t.http.get('/api/plugins').expect(200);
    const model = res.body.plugins.find((p: { name: string }) => p.name === 'model');
    expect(model).toMatchObject({
      name: 'model',
      configKey: 'models',
      basePath: '/api/model_catalog/v1alpha1',
      status: { initialized: true, serving: true },
      capabilities: expect.arrayContaining(['sources', 'refresh', 'ui-hints', 'cli-hints']),
      management: expect.objectContaining({ providerTypes: ['yaml'] }),
      entities: ['CatalogModelEntity', 'CatalogModelArtifactEntity'],
      uiHints: expect.objectContaining({ displayName: 'Models', entityPath: 'models' }),
      cliHints: expect.objectContaining({ entityNoun: 'model' }),
    });
  });
});
