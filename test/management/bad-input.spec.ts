import { makeConfigDir } from '../support/config-dir';
import { expectErrorShape } from '../support/error-shape';
import { MGMT, operator, snapshotAll } from '../support/management-api';
import { mcpEntry, mcpYaml, sourcesYaml } from '../support/mcp-catalog';
import { startTestApp, TestApp } from '../support/test-app';

const SRC = `${MGMT}/plugins/mcp/sources/team`;

function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 20; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

interface Case {
  name: string;
  method: 'post' | 'get' | 'delete';
  path: string;
  body?: unknown;
  raw?: string;
  status: number;
}

const CASES: Case[] = [
  {
    name: 'malformed JSON',
    method: 'post',
    path: `${SRC}:apply`,
    raw: '{"rawYaml": "x',
    status: 400,
  },
  {
    name: 'JSON that is not an object',
    method: 'post',
    path: `${SRC}:apply`,
    raw: '"just a string"',
    status: 400,
  },
  {
    name: '2 MiB body',
    method: 'post',
    path: `${SRC}:apply`,
    body: { rawYaml: `mcpservers: []\n#${'x'.repeat(2 * 1024 * 1024)}` },
    status: 413,
  },
  {
    name: 'rawYaml over 1 MiB (body under the limit)',
    method: 'post',
    path: `${SRC}:apply`,
    body: { rawYaml: `mcpservers: []\n#${'x'.repeat(1024 * 1024 + 10)}` },
    status: 422,
  },
  {
    name: 'alias bomb',
    method: 'post',
    path: `${SRC}:apply`,
    body: { rawYaml: aliasBomb() },
    status: 422,
  },
  {
    name: 'path traversal in yamlCatalogPath',
    method: 'post',
    path: `${SRC}:apply`,
    body: {
      source: {
        id: 'team',
        name: 'T',
        type: 'yaml',
        properties: { yamlCatalogPath: '../../../etc/passwd' },
      },
    },
    status: 422,
  },
  {
    name: 'absolute path outside the root',
    method: 'post',
    path: `${SRC}:apply`,
    body: {
      source: {
        id: 'team',
        name: 'T',
        type: 'yaml',
        properties: { yamlCatalogPath: '/etc/hostname' },
      },
    },
    status: 422,
  },
  {
    name: 'rawYaml of the wrong type',
    method: 'post',
    path: `${SRC}:apply`,
    body: { rawYaml: 42 },
    status: 400,
  },
  {
    name: 'source of the wrong type',
    method: 'post',
    path: `${SRC}:apply`,
    body: { source: 'team' },
    status: 400,
  },
  {
    name: 'options of the wrong type',
    method: 'post',
    path: `${SRC}:apply`,
    body: { rawYaml: 'mcpservers: []\n', options: { dryRun: 'yes' } },
    status: 400,
  },
  {
    name: 'unknown envelope key',
    method: 'post',
    path: `${SRC}:apply`,
    body: { rawYaml: 'mcpservers: []\n', force: true },
    status: 400,
  },
  {
    name: 'unknown options key',
    method: 'post',
    path: `${SRC}:apply`,
    body: { rawYaml: 'mcpservers: []\n', options: { yolo: true } },
    status: 400,
  },
  {
    name: 'wrong field types inside source',
    method: 'post',
    path: `${SRC}:apply`,
    body: { source: { id: 'team', name: 7, type: 'yaml', enabled: 'no' } },
    status: 422,
  },
  { name: 'empty apply', method: 'post', path: `${SRC}:apply`, body: {}, status: 400 },
  {
    name: 'rollback without revisionId',
    method: 'post',
    path: `${SRC}:rollback`,
    body: {},
    status: 400,
  },
  {
    name: 'rollback to an unknown revision',
    method: 'post',
    path: `${SRC}:rollback`,
    body: { revisionId: 'ffffffffffffffff' },
    status: 404,
  },
  {
    name: 'unknown plugin',
    method: 'post',
    path: `${MGMT}/plugins/ghost/sources/team:apply`,
    body: { rawYaml: 'x: 1' },
    status: 404,
  },
  {
    name: 'unknown source (enable)',
    method: 'post',
    path: `${MGMT}/plugins/mcp/sources/ghost:enable`,
    status: 404,
  },
  {
    name: 'unknown source (delete)',
    method: 'delete',
    path: `${MGMT}/plugins/mcp/sources/ghost`,
    status: 404,
  },
  {
    name: 'unknown revision',
    method: 'get',
    path: `${SRC}/revisions/ffffffffffffffff`,
    status: 404,
  },
  { name: ':verb typo', method: 'post', path: `${SRC}:aply`, body: {}, status: 404 },
  { name: ':verb in upper case', method: 'post', path: `${SRC}:Apply`, body: {}, status: 404 },
  { name: 'two verbs', method: 'post', path: `${SRC}:apply:refresh`, body: {}, status: 404 },
  {
    name: 'plugin-wide verb typo',
    method: 'post',
    path: `${MGMT}/plugins/mcp:refersh`,
    status: 404,
  },
];

describe('bad input corpus: 4xx in the error shape, never 5xx, nothing written', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      config: makeConfigDir({
        'sources.yaml': sourcesYaml([{ id: 'team' }]),
        'mcp/team.yaml': mcpYaml([mcpEntry('alpha'), mcpEntry('bravo')]),
      }),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(CASES)('$name → $status', async (c) => {
    const before = await snapshotAll(t);
    let req = t.http[c.method](c.path).set(operator);
    if (c.raw !== undefined) req = req.set('Content-Type', 'application/json').send(c.raw);
    else if (c.body !== undefined) req = req.send(c.body as object);
    const res = await req;
    expectErrorShape(res, c.status);
    expect(await snapshotAll(t)).toEqual(before);
  });

  it('the alias bomb is rejected quickly with a message about aliases', async () => {
    const started = Date.now();
    const res = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({ rawYaml: aliasBomb() })
      .expect(200);
    // Expanding the bomb would take minutes and gigabytes; the generous bound absorbs a busy CI host.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body.errors[0].message).toMatch(/alias/);
    expect(res.body.layerResults[0]).toMatchObject({ layer: 'yaml_parse', status: 'failed' });
  });

  it('the 1 MiB limit is named in the yaml_parse layer', async () => {
    const res = await t.http
      .post(`${SRC}:validate`)
      .set(operator)
      .send({ rawYaml: `x: 1\n#${'y'.repeat(1024 * 1024)}` })
      .expect(200);
    expect(res.body.errors[0].message).toContain('the limit is 1048576 bytes');
  });
});
