import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { MGMT, operator, snapshotAll, viewer } from '../support/management-api';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const SRC = `${MGMT}/plugins/mcp/sources/team`;
const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => mcpEntry(`server-${n}`));

describe('apply: optimistic concurrency, dry run and the critical-change gate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'team' }]),
        'mcp/team.yaml': mcpYaml(six),
      }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('50 concurrent applies with the same expectedRevision: exactly one 2xx, 49 × 409, one new revision', async () => {
    const current = await t.http.get(SRC).set(viewer).expect(200);
    const before = (await t.http.get(`${SRC}/revisions`).set(viewer).expect(200)).body.items.length;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http
          .post(`${SRC}:apply`)
          .set(operator)
          .send({
            rawYaml: mcpYaml([...six, mcpEntry(`extra-${i}`)]),
            options: { expectedRevision: current.body.revision },
          }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 200 && s < 300)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of responses.filter((r) => r.status === 409)) {
      expectErrorShape(r, 409, 'CONFLICT');
      expect(r.body.currentRevision).toMatch(/^[0-9a-f]{16}$/);
    }
    const after = (await t.http.get(`${SRC}/revisions`).set(viewer).expect(200)).body.items;
    // Exactly one new entry: the winning apply (the listed current state before it stays listed).
    expect(after.length).toBe(before + 1);
    expect(after.filter((r: { author: string }) => r.author === 'alice')).toHaveLength(1);
    expect(after[0]).toMatchObject({ action: 'apply', author: 'alice' });
  });

  it('If-Match works as expectedRevision: a stale one is a 409 carrying the current revision, and writes nothing', async () => {
    const before = await snapshotAll(t);
    const res = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .set('If-Match', '"0000000000000000"')
      .send({ rawYaml: mcpYaml(six) });
    expectErrorShape(res, 409, 'CONFLICT');
    const current = await t.http.get(SRC).set(viewer).expect(200);
    expect(res.body.currentRevision).toBe(current.body.revision);
    expect(await snapshotAll(t)).toEqual(before);
  });

  it('dryRun validates and diffs but writes nothing; its entity counts match the real apply', async () => {
    await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({ rawYaml: mcpYaml(six), options: { refreshAfterApply: true } })
      .expect(200);
    const edited = mcpYaml([
      ...six.slice(0, 4),
      { ...six[4], toolCount: 42 },
      mcpEntry('server-new'),
    ]);
    const before = await snapshotAll(t);
    const dry = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({ rawYaml: edited, options: { dryRun: true } })
      .expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, appliedRevision: null });
    expect(dry.body.diffSummary.entities).toMatchObject({
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 4,
      names: { added: ['server-new'], removed: ['server-f'], changed: ['server-e'] },
    });
    expect(await snapshotAll(t)).toEqual(before);
    const real = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({ rawYaml: edited, options: { refreshAfterApply: true } })
      .expect(200);
    const { added, removed, changed, unchanged } = dry.body.diffSummary.entities;
    expect(real.body.refreshResult).toMatchObject({ added, removed, updated: changed, unchanged });
  });

  it('a critical change without confirmation is a 428 with the diff summary, writing nothing; confirmed, it applies', async () => {
    const before = await snapshotAll(t);
    const shrink = mcpYaml(six.slice(0, 2));
    const gated = await t.http.post(`${SRC}:apply`).set(operator).send({ rawYaml: shrink });
    expectErrorShape(gated, 428, 'CONFIRMATION_REQUIRED');
    expect(gated.body.diffSummary).toMatchObject({ critical: true, entities: { removed: 4 } });
    expect(gated.body.diffSummary.criticalReasons[0]).toContain('more than half');
    const repoint = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'Source team',
          type: 'yaml',
          properties: { yamlCatalogPath: 'mcp/elsewhere.yaml' },
        },
        rawYaml: mcpYaml(six),
      });
    expectErrorShape(repoint, 428);
    expect(repoint.body.diffSummary.criticalReasons[0]).toContain('properties.yamlCatalogPath');
    expect(await snapshotAll(t)).toEqual(before);
    const confirmed = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({ rawYaml: shrink, options: { confirmCriticalChanges: true, refreshAfterApply: true } })
      .expect(200);
    expect(confirmed.body.refreshResult).toMatchObject({ removed: 4, entitiesLoaded: 2 });
  });

  it('creates a new source (201) with content placed by the store', async () => {
    const res = await t.http
      .post(`${MGMT}/plugins/mcp/sources/fresh:apply`)
      .set(operator)
      .send({
        source: { id: 'fresh', name: 'Fresh', type: 'yaml' },
        rawYaml: mcpYaml([mcpEntry('newbie')]),
        options: { refreshAfterApply: true },
      })
      .expect(201);
    expect(res.body).toMatchObject({ created: true, refreshResult: { added: 1 } });
    const got = await t.http.get(`${MGMT}/plugins/mcp/sources/fresh`).set(viewer).expect(200);
    expect(got.body.source.properties.yamlCatalogPath).toBe('mcp/fresh.yaml');
  });
});

describe('diffSummary.configKeys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'team' }]),
        'mcp/team.yaml': mcpYaml(six),
      }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a content-only edit changes no config keys (defaults are not differences)', async () => {
    const res = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({ rawYaml: mcpYaml(six.slice(0, 5)), options: { dryRun: true } })
      .expect(200);
    expect(res.body.diffSummary.configKeys).toEqual({ added: [], removed: [], changed: [] });
    expect(res.body.diffSummary).toMatchObject({ linesAdded: 0, linesRemoved: 1 });
  });

  it('lists added, removed and changed keys by dotted path', async () => {
    const res = await t.http
      .post(`${SRC}:apply`)
      .set(operator)
      .send({
        source: {
          id: 'team',
          name: 'Renamed',
          type: 'yaml',
          labels: ['x'],
          properties: { yamlCatalogPath: 'mcp/team.yaml', owner: 'ops' },
        },
        options: { dryRun: true },
      })
      .expect(200);
    expect(res.body.diffSummary.configKeys).toEqual({
      added: ['properties.owner'],
      removed: [],
      changed: ['labels', 'name'],
    });
  });
});
