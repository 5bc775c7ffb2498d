import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { mcpEntry, mcpYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const BASE = '/api/mcp_catalog/v1alpha1/mcp_servers';

const SOURCES = `apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    namedQueries:
      big-toolboxes:
        toolCount: { operator: '>=', value: 10 }
      verified-remote:
        verified: { operator: '=', value: true }
        deploymentMode: { operator: '=', value: remote }
    sources:
      - id: team
        name: Team servers
        type: yaml
        labels: [internal]
        properties: { yamlCatalogPath: mcp/team.yaml }
      - id: public
        name: Public servers
        type: yaml
        labels: [public, curated]
        properties: { yamlCatalogPath: mcp/public.yaml }
      - id: unlabeled
        name: Unlabeled
        type: yaml
        properties: { yamlCatalogPath: mcp/unlabeled.yaml }
      - id: off
        name: Disabled source
        type: yaml
        enabled: false
        properties: { yamlCatalogPath: mcp/off.yaml }
`;

describe('MCP data plane', () => {
  let t: TestApp;

  beforeAll(async () => {
    const config = makeConfigDir({
      'sources.yaml': SOURCES,
      'mcp/team.yaml': mcpYaml([
        mcpEntry('atlas', {
          description: 'Knowledge base search',
          toolCount: 12,
          verified: true,
          customProperties: { team: 'search', tier: 1 },
        }),
        mcpEntry('beacon', {
          provider: 'Lighthouse Inc',
          toolCount: 2,
          deploymentMode: 'local',
          transportType: 'stdio',
        }),
        mcpEntry('cobalt', {
          toolCount: 20,
          verified: true,
          license: 'MIT',
          customProperties: { team: 'infra', tier: 3 },
        }),
      ]),
      'mcp/public.yaml': mcpYaml([
        mcpEntry('delta', {
          description: 'Weather ATLAS mirror',
          toolCount: 5,
          category: 'Weather',
        }),
        mcpEntry('echo', { toolCount: 0, license: 'MIT', verified: true }),
      ]),
      'mcp/unlabeled.yaml': mcpYaml([mcpEntry('foxtrot', { toolCount: 7, transportType: 'sse' })]),
      'mcp/off.yaml': mcpYaml([mcpEntry('ghost')]),
    });
    t = await startTestApp({ config });
  });

  afterAll(async () => {
    await t.close();
  });

  const names = (res: { body: { items: Array<{ name: string }> } }) =>
    res.body.items.map((i) => i.name);

  it('lists servers of enabled sources, sorted by name, with the upstream item shape', async () => {
    const res = await t.http.get(BASE).expect(200);
    expect(names(res)).toEqual(['atlas', 'beacon', 'cobalt', 'delta', 'echo', 'foxtrot']);
    expect(res.body).toMatchObject({ size: 6, pageSize: 20, nextPageToken: '' });
    const atlas = res.body.items[0];
    expect(atlas).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      source_id: 'team',
      name: 'atlas',
      serverUrl: 'https://mcp.example.test/atlas',
      toolCount: 12,
      verified: true,
      customProperties: { team: 'search', tier: 1 },
      createTimeSinceEpoch: expect.stringMatching(/^\d{13}$/),
      lastUpdateTimeSinceEpoch: expect.stringMatching(/^\d{13}$/),
    });
  });

  it('pages with pageSize=2 visiting every server exactly once', async () => {
    const seen: string[] = [];
    let token = '';
    do {
      const res = await t.http
        .get(BASE)
        .query({ pageSize: 2, ...(token ? { nextPageToken: token } : {}) })
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...names(res));
      token = res.body.nextPageToken;
    } while (token);
    expect(seen).toEqual(['atlas', 'beacon', 'cobalt', 'delta', 'echo', 'foxtrot']);
  });

  it('searches name, description and provider case-insensitively with q', async () => {
    expect(names(await t.http.get(BASE).query({ q: 'atlas' }).expect(200))).toEqual([
      'atlas',
      'delta',
    ]);
    expect(names(await t.http.get(BASE).query({ q: 'LIGHTHOUSE' }).expect(200))).toEqual([
      'beacon',
    ]);
  });

  it('filters by source and sourceLabel (null = sources without labels)', async () => {
    expect(names(await t.http.get(BASE).query({ source: 'public,unlabeled' }).expect(200))).toEqual(
      ['delta', 'echo', 'foxtrot'],
    );
    expect(names(await t.http.get(`${BASE}?sourceLabel=curated`).expect(200))).toEqual([
      'delta',
      'echo',
    ]);
    expect(names(await t.http.get(`${BASE}?sourceLabel=null`).expect(200))).toEqual(['foxtrot']);
    expect(
      names(await t.http.get(`${BASE}?sourceLabel=internal&sourceLabel=null`).expect(200)),
    ).toEqual(['atlas', 'beacon', 'cobalt', 'foxtrot']);
    expect(names(await t.http.get(BASE).query({ source: 'off' }).expect(200))).toEqual([]);
  });

  it('applies filterQuery over fields and customProperties', async () => {
    const q = (filterQuery: string) => t.http.get(BASE).query({ filterQuery }).expect(200);
    expect(names(await q("license = 'MIT' AND verified = true"))).toEqual(['cobalt', 'echo']);
    expect(names(await q("toolCount >= 10 OR transportType = 'sse'"))).toEqual([
      'atlas',
      'cobalt',
      'foxtrot',
    ]);
    expect(
      names(
        await q("customProperties.team IN ('search', 'infra') AND NOT customProperties.tier > 2"),
      ),
    ).toEqual(['atlas']);
  });

  it('applies namedQuery, alone and with filterQuery', async () => {
    expect(
      names(await t.http.get(BASE).query({ namedQuery: 'big-toolboxes' }).expect(200)),
    ).toEqual(['atlas', 'cobalt']);
    expect(
      names(
        await t.http
          .get(BASE)
          .query({ namedQuery: 'big-toolboxes', filterQuery: "license = 'MIT'" })
          .expect(200),
      ),
    ).toEqual(['cobalt']);
    const unknown = await t.http.get(BASE).query({ namedQuery: 'nope' });
    expectErrorShape(unknown, 400, 'INVALID_ARGUMENT');
  });

  it('orders by a schema field descending', async () => {
    const res = await t.http
      .get(BASE)
      .query({ orderBy: 'toolCount', sortOrder: 'DESC', pageSize: 3 })
      .expect(200);
    expect(names(res)).toEqual(['cobalt', 'atlas', 'foxtrot']);
  });

  it('answers 400 with the position for a bad filterQuery and for bad paging', async () => {
    const bad = await t.http.get(BASE).query({ filterQuery: 'toolz = 1' });
    expectErrorShape(bad, 400, 'INVALID_ARGUMENT');
    expect(bad.body.message).toContain('unknown field "toolz" at position 1');
    const syntax = await t.http.get(BASE).query({ filterQuery: "name = 'x' AND" });
    expectErrorShape(syntax, 400);
    expect(syntax.body.message).toMatch(/position 15/);
    expectErrorShape(await t.http.get(BASE).query({ pageSize: 0 }), 400);
    expectErrorShape(await t.http.get(BASE).query({ pageSize: 'abc' }), 400);
    expectErrorShape(await t.http.get(BASE).query({ unknownParam: 1 }), 400);
    const page1 = await t.http.get(BASE).query({ pageSize: 2 }).expect(200);
    const reused = await t.http
      .get(BASE)
      .query({ pageSize: 2, q: 'a', nextPageToken: page1.body.nextPageToken });
    expectErrorShape(reused, 400);
  });

  it('reports filter options: values for strings and booleans, ranges for numbers, and named queries', async () => {
    const res = await t.http.get(`${BASE}/filter_options`).expect(200);
    expect(res.body.filters.transportType).toEqual({
      type: 'string',
      values: ['http', 'sse', 'stdio'],
    });
    expect(res.body.filters.toolCount).toEqual({ type: 'number', range: { min: 0, max: 20 } });
    expect(res.body.filters.license.values).toEqual(['Apache-2.0', 'MIT']);
    expect(Object.keys(res.body.namedQueries)).toEqual(['big-toolboxes', 'verified-remote']);
  });

  it('gets one server by id, and 404s for unknown ids or servers of disabled sources', async () => {
    const list = await t.http.get(BASE).query({ name: 'echo' }).expect(200);
    const id = list.body.items[0].id;
    const res = await t.http.get(`${BASE}/${id}`).expect(200);
    expect(res.body).toMatchObject({ id, name: 'echo', source_id: 'public' });
    expectErrorShape(await t.http.get(`${BASE}/999999999`), 404, 'NOT_FOUND');
    expectErrorShape(await t.http.get(`${BASE}/not-a-number`), 404, 'NOT_FOUND');
  });
});
