import { writeFileSync } from 'node:fs';
import { makeConfigDir, TempConfigDir } from '@test/support/config-dir';
import { FileConfigStore } from '../store/file-config-store';
import { SourcesConfigService, SourcesReloadEvent } from './sources-config.service';

const SOURCES = `apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    sources:
      - id: b-source
        name: B
        type: yaml
        properties:
          yamlCatalogPath: mcp/b.yaml
      - id: a-source
        name: A
        type: yaml
        properties:
          yamlCatalogPath: mcp/a.yaml
  models:
    sources:
      - id: m
        name: M
        type: yaml
        properties:
          yamlCatalogPath: models/missing.yaml
`;

const SCOPES = [
  { plugin: 'mcp', configKey: 'mcp' },
  { plugin: 'models', configKey: 'models' },
];
const MCP = SCOPES[0];

describe('SourcesConfigService reconciliation', () => {
  let dir: TempConfigDir;
  let store: FileConfigStore;
  let service: SourcesConfigService;
  let events: SourcesReloadEvent[];

  beforeEach(async () => {
    dir = makeConfigDir({ 'sources.yaml': SOURCES, 'mcp/a.yaml': 'a: 1\n', 'mcp/b.yaml': 'b: 1\n' });
    store = new FileConfigStore({ root: dir.root, paths: [dir.path('sources.yaml')], watchDebounceMs: 50 });
    service = new SourcesConfigService(store);
    events = [];
    service.onChange((e) => void events.push(e));
  });

  afterEach(async () => {
    service.onModuleDestroy();
    await store.close();
    dir.remove();
  });

  it('boot reports every source, sorted; a reload of the same bytes reports nothing and keeps the same view', async () => {
    expect(await service.reload(SCOPES)).toEqual([
      { configKey: 'mcp', sourceIds: ['a-source', 'b-source'] },
      { configKey: 'models', sourceIds: ['m'] },
    ]);
    expect(service.section('mcp')!.sources.map((s) => s.id)).toEqual(['a-source', 'b-source']);
    const view = JSON.stringify(service.config);
    const version = service.version;
    expect(await service.reload()).toEqual([]);
    expect(JSON.stringify(service.config)).toBe(view);
    expect(service.version).toBe(version);
    // A second process reading the same bytes builds the same view.
    const other = new SourcesConfigService(new FileConfigStore({ root: dir.root, paths: [dir.path('sources.yaml')] }));
    await other.reload(SCOPES);
    expect(JSON.stringify(other.config)).toBe(view);
    other.onModuleDestroy();
  });

  it('reports exactly the sources whose content or entry changed', async () => {
    await service.reload(SCOPES);
    writeFileSync(dir.path('mcp/a.yaml'), 'a: 2\n');
    expect(await service.reload()).toEqual([{ configKey: 'mcp', sourceIds: ['a-source'] }]);
    writeFileSync(dir.path('sources.yaml'), SOURCES.replace('name: B', 'name: B2'));
    expect(await service.reload()).toEqual([{ configKey: 'mcp', sourceIds: ['b-source'] }]);
    // A comment or reformatting is not a change of any source.
    writeFileSync(dir.path('sources.yaml'), '# just a comment\n' + SOURCES.replace('name: B', 'name: B2'));
    expect(await service.reload()).toEqual([]);
  });

  it('save() reconciles right after the write, and the own write raises no watcher event', async () => {
    await service.reload(SCOPES);
    events = [];
    const before = service.sourceRevision('mcp', 'b-source');
    const { result, changes } = await service.save((s) => s.applySource(MCP, 'b-source', { rawYaml: 'b: 2\n' }, { author: 'alice' }));
    expect(changes).toEqual([{ configKey: 'mcp', sourceIds: ['b-source'] }]);
    expect(service.sourceRevision('mcp', 'b-source')).toBe(result.appliedRevision);
    expect(result.previousRevision).toBe(before);
    await sleep(400);
    expect(events.map((e) => e.reason)).toEqual(['save']);
  });

  it('reconciles an external edit through the watcher and names the changed source', async () => {
    await service.reload(SCOPES);
    events = [];
    writeFileSync(dir.path('mcp/b.yaml'), 'b: edited by hand\n');
    await waitUntil(() => events.length > 0);
    expect(events).toEqual([
      { changes: [{ configKey: 'mcp', sourceIds: ['b-source'] }], reason: 'changed outside the store: mcp/b.yaml', external: true },
    ]);
    expect(service.sourceRevision('mcp', 'b-source')).toBe((await store.getSource(MCP, 'b-source')).revision);
  });

  it('keeps serving the last good view when an external edit breaks sources.yaml, with the line in the error', async () => {
    await service.reload(SCOPES);
    const good = service.config;
    events = [];
    writeFileSync(dir.path('sources.yaml'), SOURCES.replace('        name: A\n', '        name: A\n      enabeld: [\n'));
    await waitUntil(() => service.lastReloadError !== undefined);
    expect(service.config).toBe(good);
    expect(service.lastReloadError!.message).toMatch(/sources\.yaml/);
    expect(service.lastReloadError!.message).toMatch(/line 13/);
    expect(service.lastReloadError!.details[0]).toMatchObject({ line: 13 });
    expect(service.lastReloadError!.reason).toBe('changed outside the store: sources.yaml');
    expect(events).toEqual([]);
    // Fixing the file clears the error and reconciles what changed meanwhile.
    writeFileSync(dir.path('sources.yaml'), SOURCES.replace('name: A', 'name: A fixed'));
    await waitUntil(() => events.length > 0);
    expect(service.lastReloadError).toBeUndefined();
    expect(events[0].changes).toEqual([{ configKey: 'mcp', sourceIds: ['a-source'] }]);
  });

  it('records a schema error of a hand edit with its line too, and rethrows it to a direct caller', async () => {
    await service.reload(SCOPES);
    writeFileSync(dir.path('sources.yaml'), SOURCES.replace('        type: yaml\n', '        type: yaml\n        enabeld: true\n'));
    await expect(service.reload()).rejects.toThrow(/catalogs\.mcp\.sources\[0\]\.enabeld at line 9/);
    expect(service.lastReloadError!.message).toContain('at line 9');
    expect(service.section('mcp')!.sources.map((s) => s.name)).toEqual(['A', 'B']);
  });

  it('exposes an unreadable content file per source without failing the reload', async () => {
    await service.reload(SCOPES);
    expect(service.sourceContentError('models', 'm')).toMatch(/cannot read models\/missing\.yaml: ENOENT/);
    expect(service.sourceContentError('mcp', 'a-source')).toBeUndefined();
    events = [];
    // Its directory did not exist either: the watcher covers the nearest existing ancestor.
    dir.write('models/missing.yaml', 'models: []\n');
    await waitUntil(() => events.length > 0);
    expect(events[0].changes).toEqual([{ configKey: 'models', sourceIds: ['m'] }]);
    expect(service.sourceContentError('models', 'm')).toBeUndefined();
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}
