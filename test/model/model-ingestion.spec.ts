import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  CatalogIngestionService,
  ManagedPlugin,
  PluginRegistry,
  RefreshStatusRepository,
  SourcesConfigService,
} from '@catalog/plugin';
import { CatalogModelArtifactEntity, CatalogModelEntity } from '@catalog/plugins-model';
import { makeConfigDir } from '../support/config-dir';
import {
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

type Row = Record<string, unknown>;

/** Source a: three models, one stating its timestamps; source b: two models. */
const A = [
  modelEntry('org/one', {
    artifacts: [
      modelArtifact('oci://registry.example.test/org/one:1'),
      metricsArtifact('performance-metrics', { ttft_mean: dbl(80.5), hardware_count: int(1) }),
    ],
  }),
  modelEntry('org/two', {
    artifacts: [
      modelArtifact('oci://registry.example.test/org/two:1'),
      metricsArtifact('accuracy-metrics', { overall_average: dbl(0.61) }),
    ],
  }),
  modelEntry('org/three', {
    createTimeSinceEpoch: '1600000000000',
    lastUpdateTimeSinceEpoch: '1650000000000',
    artifacts: [modelArtifact('oci://registry.example.test/org/three:1')],
  }),
];
const B = ['hub/x', 'hub/y'].map((name) => modelEntry(name, { provider: 'Hub' }));

describe('model ingestion through the shared engine', () => {
  let t: TestApp;
  let engine: CatalogIngestionService;
  let plugin: ManagedPlugin;
  let db: DataSource;

  const models = (sourceId: string): Promise<Row[]> =>
    db.query(`SELECT * FROM catalog_model WHERE source_id = $1 ORDER BY name`, [sourceId]);
  /** Artifacts of a source's models, keyed by model name, in id order. */
  const artifacts = async (sourceId: string): Promise<Record<string, Row[]>> => {
    const rows: Array<Row & { model_name: string }> = await db.query(
      `SELECT a.*, m.name AS model_name FROM catalog_model_artifact a
         JOIN catalog_model m ON m.id = a.model_id WHERE a.source_id = $1 ORDER BY a.id`,
      [sourceId],
    );
    const byModel: Record<string, Row[]> = {};
    for (const { model_name, ...row } of rows) (byModel[model_name] ??= []).push(row);
    return byModel;
  };
  const byName = (rows: Row[], name: string): Row => rows.find((r) => r.name === name)!;
  const refresh = (sourceId: string) => engine.refreshSource(plugin, sourceId);

  beforeAll(async () => {
    const config = makeConfigDir({
      'sources.yaml': modelSourcesYaml([{ id: 'a' }, { id: 'b' }]),
      'models/a.yaml': modelYaml(A),
      'models/b.yaml': modelYaml(B),
    });
    t = await startTestApp({ config });
    engine = t.app.get(CatalogIngestionService);
    plugin = t.app.get(PluginRegistry).get('model').plugin as ManagedPlugin;
    db = t.app.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    await t.close();
  });

  it('loads every model and its artifacts at boot', async () => {
    expect((await models('a')).map((r) => r.name)).toEqual(['org/one', 'org/three', 'org/two']);
    const loaded = await artifacts('a');
    expect(Object.keys(loaded).sort()).toEqual(['org/one', 'org/three', 'org/two']);
    expect(loaded['org/one'].map((r) => [r.artifact_type, r.uri, r.metrics_type])).toEqual([
      ['model-artifact', 'oci://registry.example.test/org/one:1', null],
      ['metrics-artifact', null, 'performance-metrics'],
    ]);
    expect(loaded['org/one'][1].custom_properties).toEqual({
      ttft_mean: { metadataType: 'MetadataDoubleValue', double_value: 80.5 },
      hardware_count: { metadataType: 'MetadataIntValue', int_value: '1' },
    });
    const three = byName(await models('a'), 'org/three');
    expect([three.create_time, three.last_update_time]).toEqual(['1600000000000', '1650000000000']);
  });

  it('a changed artifact rewrites exactly that model and replaces its artifacts; nothing else moves', async () => {
    const beforeModels = await models('a');
    const beforeArtifacts = await artifacts('a');
    const beforeB = [await models('b'), await artifacts('b')];
    const changedTwo = {
      ...A[1],
      artifacts: [
        modelArtifact('oci://registry.example.test/org/two:2'),
        metricsArtifact('accuracy-metrics', { overall_average: dbl(0.64) }),
        metricsArtifact('performance-metrics', { ttft_mean: dbl(99.1) }),
      ],
    };
    t.config.write('models/a.yaml', modelYaml([A[0], changedTwo, A[2]]));
    await new Promise((r) => setTimeout(r, 5)); // a distinct millisecond for last_update_time
    const result = await refresh('a');
    expect(result).toMatchObject({
      status: 'success',
      entitiesLoaded: 3,
      added: 0,
      updated: 1,
      removed: 0,
      unchanged: 2,
    });

    const afterModels = await models('a');
    const afterArtifacts = await artifacts('a');
    for (const name of ['org/one', 'org/three']) {
      expect(byName(afterModels, name)).toEqual(byName(beforeModels, name));
      expect(afterArtifacts[name]).toEqual(beforeArtifacts[name]);
    }
    const before = byName(beforeModels, 'org/two');
    const after = byName(afterModels, 'org/two');
    expect(after.id).toBe(before.id);
    expect(after.create_time).toBe(before.create_time);
    expect(Number(after.last_update_time)).toBeGreaterThan(Number(before.last_update_time));
    expect(after.content_hash).not.toBe(before.content_hash);
    expect({ ...after, content_hash: '', last_update_time: '' }).toEqual({
      ...before,
      content_hash: '',
      last_update_time: '',
    });

    const newArtifacts = afterArtifacts['org/two'];
    expect(newArtifacts.map((r) => [r.artifact_type, r.uri, r.metrics_type])).toEqual([
      ['model-artifact', 'oci://registry.example.test/org/two:2', null],
      ['metrics-artifact', null, 'accuracy-metrics'],
      ['metrics-artifact', null, 'performance-metrics'],
    ]);
    const oldIds = new Set(beforeArtifacts['org/two'].map((r) => r.id));
    for (const row of newArtifacts) {
      expect(oldIds.has(row.id)).toBe(false);
      expect(row.model_id).toBe(after.id);
    }
    const stale: Row[] = await db.query(
      `SELECT id FROM catalog_model_artifact WHERE id = ANY($1::bigint[])`,
      [[...oldIds]],
    );
    expect(stale).toEqual([]);
    expect([await models('b'), await artifacts('b')]).toEqual(beforeB);
  });

  it('a model whose content states its timestamps keeps them when its artifacts change', async () => {
    const before = byName(await models('a'), 'org/three');
    const current = [
      A[0],
      {
        ...A[1],
        artifacts: [
          modelArtifact('oci://registry.example.test/org/two:2'),
          metricsArtifact('accuracy-metrics', { overall_average: dbl(0.64) }),
          metricsArtifact('performance-metrics', { ttft_mean: dbl(99.1) }),
        ],
      },
    ];
    const changedThree = {
      ...A[2],
      artifacts: [
        modelArtifact('oci://registry.example.test/org/three:2', {
          customProperties: { format: str('gguf') },
        }),
      ],
    };
    t.config.write('models/a.yaml', modelYaml([...current, changedThree]));
    expect(await refresh('a')).toMatchObject({ status: 'success', updated: 1, unchanged: 2 });
    const after = byName(await models('a'), 'org/three');
    expect(after.id).toBe(before.id);
    expect([after.create_time, after.last_update_time]).toEqual(['1600000000000', '1650000000000']);
    const [artifact] = (await artifacts('a'))['org/three'];
    expect(artifact.custom_properties).toEqual({
      format: { metadataType: 'MetadataStringValue', string_value: 'gguf' },
    });
    // Changing only a stated timestamp is a change too.
    t.config.write(
      'models/a.yaml',
      modelYaml([...current, { ...changedThree, lastUpdateTimeSinceEpoch: '1660000000000' }]),
    );
    expect(await refresh('a')).toMatchObject({ status: 'success', updated: 1, unchanged: 2 });
    expect(byName(await models('a'), 'org/three').last_update_time).toBe('1660000000000');
  });

  it('a refresh with nothing changed touches no row', async () => {
    const before = [await models('a'), await artifacts('a')];
    expect(await refresh('a')).toMatchObject({
      status: 'success',
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 3,
    });
    expect([await models('a'), await artifacts('a')]).toEqual(before);
  });

  it('removing a model deletes it with its artifacts', async () => {
    const current = await models('a');
    const one = byName(current, 'org/one');
    const text = t.config.path('models/a.yaml');
    const yaml = (await import('node:fs')).readFileSync(text, 'utf8');
    t.config.write(
      'models/a.yaml',
      yaml
        .split('\n')
        .filter((line) => !line.includes('"name":"org/one"'))
        .join('\n'),
    );
    expect(await refresh('a')).toMatchObject({ status: 'success', removed: 1, unchanged: 2 });
    expect((await models('a')).map((r) => r.name)).toEqual(['org/three', 'org/two']);
    const orphans: Row[] = await db.query(
      `SELECT id FROM catalog_model_artifact WHERE model_id = $1`,
      [one.id],
    );
    expect(orphans).toEqual([]);
  });

  it('rejects invalid content with every error at once (path and line) and keeps the rows', async () => {
    const before = [await models('a'), await artifacts('a')];
    t.config.write(
      'models/a.yaml',
      [
        'source: Team A',
        'models:',
        '  - name: org/two',
        '    licence: apache-2.0',
        '    artifacts:',
        '      - uri: oci://x',
        '        checksum: abc',
        '  - name: org/three',
        '    customProperties:',
        '      size:',
        '        metadataType: MetadataIntValue',
        '        double_value: 1.5',
        '  - name: org/two',
        '    artifacts:',
        '      - artifactType: metrics-artifact',
        '        metricsType: accuracy-metrics',
        '        customProperties:',
        '          acc: { metadataType: MetadataDoubleValue, string_value: high }',
        '',
      ].join('\n'),
    );
    const result = await refresh('a');
    expect(result.status).toBe('error');
    expect(result.entitiesLoaded).toBe(2);
    expect(result.errors).toEqual([
      { field: 'models[0].licence', message: 'unknown field', line: 4, column: 5 },
      { field: 'models[0].artifacts[0].checksum', message: 'unknown field', line: 7, column: 9 },
      {
        field: 'models[1].customProperties.size.double_value',
        message: 'does not belong to metadataType MetadataIntValue; use int_value',
        line: 12,
        column: 23,
      },
      {
        field: 'models[2].name',
        message: 'duplicate name "org/two" (first defined at models[0])',
        line: 13,
        column: 11,
      },
      {
        field: 'models[2].artifacts[0].customProperties.acc.string_value',
        message: 'does not belong to metadataType MetadataDoubleValue; use double_value',
        line: 18,
        column: 67,
      },
    ]);
    expect([await models('a'), await artifacts('a')]).toEqual(before);
    const status = await t.app.get(RefreshStatusRepository).find('model', 'a');
    expect(status).toMatchObject({ lastRefreshStatus: 'error', entitiesLoaded: 2 });
    expect(status!.lastError).toContain('models[0].licence (line 4): unknown field');
  });

  it('includedItems / excludedItems filter model names (globs, case-insensitive)', async () => {
    t.config.write(
      'sources.yaml',
      modelSourcesYaml([
        { id: 'a' },
        { id: 'b', includedItems: ['HUB/*'], excludedItems: ['*/y'] },
      ]),
    );
    await t.app.get(SourcesConfigService).reload();
    expect(await refresh('b')).toMatchObject({ status: 'success', removed: 1, entitiesLoaded: 1 });
    expect((await models('b')).map((r) => r.name)).toEqual(['hub/x']);
    expect(Object.keys(await artifacts('b'))).toEqual(['hub/x']);
  });

  it('the TypeORM entities match the migration exactly', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    const ours = pending.upQueries.map((q) => q.query).filter((sql) => /catalog_model/.test(sql));
    expect(ours).toEqual([]);
    // The schema builder compares index columns as a set; keyset paging needs their order.
    const indexes: Array<{ indexname: string; indexdef: string }> = await db.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'catalog_model%'`,
    );
    const columnsOf = new Map(
      indexes.map((i) => [i.indexname, /\(([^)]*)\)$/.exec(i.indexdef)![1].split(', ')]),
    );
    for (const entity of [CatalogModelEntity, CatalogModelArtifactEntity]) {
      const declared = [...db.getMetadata(entity).indices, ...db.getMetadata(entity).uniques];
      expect(declared.length).toBeGreaterThan(0);
      for (const index of declared) {
        expect([index.name, columnsOf.get(index.name!)]).toEqual([
          index.name,
          index.columns.map((c) => c.databaseName),
        ]);
      }
    }
  });
});
