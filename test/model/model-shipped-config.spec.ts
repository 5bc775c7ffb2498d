import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { SHIPPED_CONFIG_DIR } from '../support/config-dir';
import { startTestApp, TestApp } from '../support/test-app';

const BASE = '/api/model_catalog/v1alpha1';

type Yaml = Record<string, unknown>;

interface ShippedModel {
  sourceId: string;
  model: Yaml;
}

/** The model sources of the shipped config/sources.yaml and every model their catalogs hold. */
function shippedModels(): ShippedModel[] {
  const sources = load(readFileSync(join(SHIPPED_CONFIG_DIR, 'sources.yaml'), 'utf8')) as {
    catalogs: {
      models: { sources: Array<{ id: string; properties: { yamlCatalogPath: string } }> };
    };
  };
  return sources.catalogs.models.sources.flatMap((source) => {
    const catalog = load(
      readFileSync(join(SHIPPED_CONFIG_DIR, source.properties.yamlCatalogPath), 'utf8'),
    ) as { models: Yaml[] };
    return catalog.models.map((model) => ({ sourceId: source.id, model }));
  });
}

const VALUE_KEY_TYPES: Record<string, string> = {
  string_value: 'MetadataStringValue',
  int_value: 'MetadataIntValue',
  double_value: 'MetadataDoubleValue',
  bool_value: 'MetadataBoolValue',
};

/** What the API must serve for a catalog's customProperties: metadataType always, ints as text. */
function expectedCustomProperties(properties: unknown): Yaml | undefined {
  if (properties === undefined) return undefined;
  const out: Yaml = {};
  for (const [name, raw] of Object.entries(properties as Record<string, Yaml>)) {
    const valueKey = Object.keys(raw).find((k) => k !== 'metadataType')!;
    const value = raw[valueKey];
    out[name] = {
      metadataType: raw.metadataType ?? VALUE_KEY_TYPES[valueKey],
      [valueKey]: valueKey === 'int_value' ? String(value) : value,
    };
  }
  return out;
}

const MODEL_FIELDS = [
  'description',
  'readme',
  'maturity',
  'language',
  'tasks',
  'provider',
  'logo',
  'license',
  'licenseLink',
  'libraryName',
];

describe('models from the shipped config/', () => {
  let t: TestApp;
  const shipped = shippedModels();

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves every sample model; paging with pageSize=4 visits each exactly once, by name', async () => {
    expect(shipped.length).toBeGreaterThan(10);
    const seen: Array<{ name: string; source_id: string }> = [];
    let token = '';
    do {
      const res = await t.http
        .get(`${BASE}/models`)
        .query({ pageSize: 4, ...(token ? { nextPageToken: token } : {}) })
        .expect(200);
      seen.push(...res.body.items);
      token = res.body.nextPageToken;
    } while (token);
    const key = (sourceId: string, name: string) => `${sourceId} ${name}`;
    expect(seen.map((m) => key(m.source_id, m.name)).sort()).toEqual(
      shipped.map((s) => key(s.sourceId, s.model.name as string)).sort(),
    );
    const names = seen.map((m) => m.name);
    expect(names).toEqual([...names].sort());
  });

  it("serves each model's fields, typed custom properties and stated timestamps", async () => {
    for (const { sourceId, model } of shipped) {
      const res = await t.http
        .get(`${BASE}/sources/${sourceId}/models/${model.name as string}`)
        .expect(200);
      const expected: Yaml = { name: model.name, source_id: sourceId };
      for (const field of MODEL_FIELDS) {
        if (model[field] !== undefined) expected[field] = model[field];
      }
      const customProperties = expectedCustomProperties(model.customProperties);
      if (customProperties) expected.customProperties = customProperties;
      if (model.createTimeSinceEpoch !== undefined) {
        expected.createTimeSinceEpoch = String(model.createTimeSinceEpoch);
      }
      if (model.lastUpdateTimeSinceEpoch !== undefined) {
        expected.lastUpdateTimeSinceEpoch = String(model.lastUpdateTimeSinceEpoch);
      }
      expect(res.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        createTimeSinceEpoch: expect.stringMatching(/^\d+$/),
        lastUpdateTimeSinceEpoch: expect.stringMatching(/^\d+$/),
        ...expected,
      });
    }
  });

  it("serves each model's artifacts in content order, metrics artifacts included", async () => {
    let metrics = 0;
    for (const { sourceId, model } of shipped) {
      const res = await t.http
        .get(`${BASE}/sources/${sourceId}/models/${model.name as string}/artifacts`)
        .query({ pageSize: 1000 })
        .expect(200);
      const artifacts = (model.artifacts as Yaml[] | undefined) ?? [];
      expect(res.body.size).toBe(artifacts.length);
      artifacts.forEach((artifact, i) => {
        const expected: Yaml = { artifactType: artifact.artifactType ?? 'model-artifact' };
        for (const field of ['uri', 'metricsType', 'name', 'description', 'externalId']) {
          if (artifact[field] !== undefined) expected[field] = artifact[field];
        }
        const customProperties = expectedCustomProperties(artifact.customProperties);
        if (customProperties) expected.customProperties = customProperties;
        expected.createTimeSinceEpoch =
          artifact.createTimeSinceEpoch !== undefined
            ? String(artifact.createTimeSinceEpoch)
            : expect.stringMatching(/^\d+$/);
        expected.lastUpdateTimeSinceEpoch =
          artifact.lastUpdateTimeSinceEpoch !== undefined
            ? String(artifact.lastUpdateTimeSinceEpoch)
            : expect.stringMatching(/^\d+$/);
        expect(res.body.items[i]).toEqual({ id: expect.stringMatching(/^\d+$/), ...expected });
        if (expected.artifactType === 'metrics-artifact') metrics++;
      });
    }
    expect(metrics).toBeGreaterThan(0);
  });

  it('serves a validated model with its performance metrics as typed values', async () => {
    const validated = shipped.find(
      (s) =>
        ((s.model.artifacts as Yaml[] | undefined) ?? []).some(
          (a) => a.metricsType === 'performance-metrics',
        ) && s.model.name !== undefined,
    )!;
    const name = encodeURIComponent(validated.model.name as string);
    const res = await t.http
      .get(`${BASE}/sources/${validated.sourceId}/models/${name}/artifacts`)
      .query({ artifactType: 'metrics-artifact', pageSize: 1 })
      .expect(200);
    const [first] = res.body.items;
    expect(first).toMatchObject({
      artifactType: 'metrics-artifact',
      metricsType: 'performance-metrics',
    });
    const values = Object.values(first.customProperties as Record<string, Yaml>);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      const valueKey = Object.keys(value).find((k) => k !== 'metadataType')!;
      expect(value.metadataType).toBe(VALUE_KEY_TYPES[valueKey]);
      if (valueKey === 'int_value') expect(value.int_value).toMatch(/^-?\d+$/);
      if (valueKey === 'double_value') expect(typeof value.double_value).toBe('number');
    }
  });

  it('lists the shipped model sources as available, and the declared labels', async () => {
    const sources = await t.http.get(`${BASE}/sources`).expect(200);
    const shippedIds = [...new Set(shipped.map((s) => s.sourceId))].sort();
    expect(sources.body.items.map((s: { id: string }) => s.id)).toEqual(shippedIds);
    for (const source of sources.body.items) expect(source.status).toBe('available');
    const labels = await t.http.get(`${BASE}/labels`).expect(200);
    const declared = (
      load(readFileSync(join(SHIPPED_CONFIG_DIR, 'sources.yaml'), 'utf8')) as {
        catalogs: { models: { labels: Array<{ name: string }> } };
      }
    ).catalogs.models.labels.map((l) => l.name);
    expect(labels.body.items.map((l: { name: string }) => l.name)).toEqual([...declared].sort());
  });
});
