import { chmodSync, existsSync, readFileSync, statSync, symlinkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EnvValidationError, loadCatalogEnv } from '@catalog/plugin';
import { makeConfigDir, TempConfigDir } from '../../../test/support/config-dir';
import { memoryLogger } from '../../../test/support/test-logs';
import { seedConfigDir } from './config-seed';

describe('seedConfigDir (file store on an empty writable volume)', () => {
  const dirs: TempConfigDir[] = [];
  const temp = (files: Record<string, string> = {}, copyShipped = false) => {
    const dir = makeConfigDir(files, { copyShipped });
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  const envFor = (
    store: TempConfigDir,
    seed: string | undefined,
    extra: Record<string, string> = {},
  ) =>
    loadCatalogEnv({
      CATALOG_CONFIG_DIR: store.path('config'),
      CATALOG_CONFIG_PATHS: store.path('config/sources.yaml'),
      ...(seed ? { CATALOG_CONFIG_SEED_DIR: seed } : {}),
      ...extra,
    });

  it('copies the whole seed on the first start, with writable files', async () => {
    const seed = temp({}, true);
    chmodSync(seed.path('sources.yaml'), 0o444);
    const store = temp();
    const { logger, sink } = memoryLogger();
    expect(await seedConfigDir(envFor(store, seed.root), logger)).toBe('seeded');
    for (const file of [
      'sources.yaml',
      'mcp/mcp-servers.yaml',
      'models/dev-community-models.yaml',
    ]) {
      expect(readFileSync(store.path(`config/${file}`), 'utf8')).toBe(
        readFileSync(seed.path(file), 'utf8'),
      );
    }
    expect(statSync(store.path('config/sources.yaml')).mode & 0o200).toBe(0o200);
    expect(sink.records().find((r) => r.msg === 'config store seeded')).toMatchObject({ files: 7 });
  });

  it('never touches a store that already has its sources file', async () => {
    const seed = temp({}, true);
    const store = temp({ 'config/sources.yaml': '# edited\n' });
    expect(await seedConfigDir(envFor(store, seed.root), memoryLogger().logger)).toBe('kept');
    expect(readFileSync(store.path('config/sources.yaml'), 'utf8')).toBe('# edited\n');
    expect(existsSync(store.path('config/mcp'))).toBe(false);
  });

  it('finishes a seed interrupted before the sources file was written', async () => {
    const seed = temp({}, true);
    const store = temp({ 'config/mcp/mcp-servers.yaml': 'partial' });
    expect(await seedConfigDir(envFor(store, seed.root), memoryLogger().logger)).toBe('seeded');
    expect(existsSync(store.path('config/sources.yaml'))).toBe(true);
    expect(existsSync(store.path('config/models/test-yaml-catalog.yaml'))).toBe(true);
  });

  it('follows a mounted ConfigMap layout (symlinked keys, ..data) and skips its internals', async () => {
    const mount = temp({ '..2026_01_01/sources.yaml': 'a: 1\n' });
    symlinkSync('..2026_01_01', mount.path('..data'));
    symlinkSync('..data/sources.yaml', mount.path('sources.yaml'));
    const store = temp();
    expect(await seedConfigDir(envFor(store, mount.root), memoryLogger().logger)).toBe('seeded');
    expect(readFileSync(store.path('config/sources.yaml'), 'utf8')).toBe('a: 1\n');
    expect(existsSync(store.path('config/..data'))).toBe(false);
  });

  it('does nothing without a seed dir or outside file mode', async () => {
    const seed = temp({}, true);
    const store = temp();
    expect(await seedConfigDir(envFor(store, undefined), memoryLogger().logger)).toBe(
      'not-configured',
    );
    expect(
      await seedConfigDir(
        envFor(store, seed.root, { CATALOG_CONFIG_STORE_MODE: 'none' }),
        memoryLogger().logger,
      ),
    ).toBe('not-configured');
    expect(existsSync(store.path('config'))).toBe(false);
  });

  it('fails the boot, naming the variable, for a missing seed or one without the sources file', async () => {
    const store = temp();
    const empty = temp();
    mkdirSync(empty.path('sub'));
    await expect(
      seedConfigDir(envFor(store, join(empty.root, 'nope')), memoryLogger().logger),
    ).rejects.toThrow(EnvValidationError);
    await expect(seedConfigDir(envFor(store, empty.root), memoryLogger().logger)).rejects.toThrow(
      /CATALOG_CONFIG_SEED_DIR.*has no sources\.yaml/,
    );
  });
});
