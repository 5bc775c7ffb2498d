import { makeConfigDir, TempConfigDir } from '@test/support/config-dir';
import { EnvValidationError, loadCatalogEnv } from '../config/catalog-env';
import { InvalidArgumentError, ReadOnlyStoreError } from '../errors/catalog-errors';
import { createConfigStore } from './config-store.module';
import { FileConfigStore } from './file-config-store';
import { ReadOnlyConfigStore } from './read-only-config-store';

const SOURCES = `apiVersion: catalog/v1alpha1
kind: CatalogSources
catalogs:
  mcp:
    sources:
      - id: s
        name: S
        type: yaml
        properties:
          yamlCatalogPath: mcp/s.yaml
`;
const MCP = { plugin: 'mcp', configKey: 'mcp' };

describe('config store selection (CATALOG_CONFIG_STORE_MODE)', () => {
  let dir: TempConfigDir;
  const env = (extra: Record<string, string> = {}) =>
    loadCatalogEnv({
      CATALOG_CONFIG_DIR: dir.root,
      CATALOG_CONFIG_PATHS: dir.path('sources.yaml'),
      ...extra,
    });

  beforeEach(() => {
    dir = makeConfigDir({ 'sources.yaml': SOURCES, 'mcp/s.yaml': 'mcpservers: []\n' });
  });
  afterEach(() => dir.remove());

  it('defaults to the writable file store', async () => {
    const store = await createConfigStore(env());
    expect(store).toBeInstanceOf(FileConfigStore);
    expect(store.mode).toBe('file');
    expect(store.writable).toBe(true);
    await store.applySource(MCP, 's', { rawYaml: 'mcpservers: [] # edited\n' }, { author: 'a' });
    await store.close();
  });

  it('none: reads like the file store, and every mutation is a 409 saying the store is read-only', async () => {
    const store = await createConfigStore(env({ CATALOG_CONFIG_STORE_MODE: 'none' }));
    expect(store).toBeInstanceOf(ReadOnlyConfigStore);
    expect(store.writable).toBe(false);
    const stored = await store.getSource(MCP, 's');
    expect(stored.rawYaml).toBe('mcpservers: []\n');
    // Same content-addressed revision as the file store reports for the same bytes.
    const file = new FileConfigStore({ root: dir.root, paths: [dir.path('sources.yaml')] });
    expect(stored.revision).toBe((await file.getSource(MCP, 's')).revision);
    const attempts: Array<Promise<unknown>> = [
      store.applySource(MCP, 's', { rawYaml: 'x: 1\n' }, { author: 'a' }),
      store.setEnabled(MCP, 's', false, { author: 'a' }),
      store.deleteSource(MCP, 's', { author: 'a' }),
      store.rollback(MCP, 's', stored.revision, { author: 'a' }),
    ];
    for (const attempt of attempts) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReadOnlyStoreError);
      expect((err as ReadOnlyStoreError).httpStatus).toBe(409);
      expect((err as Error).message).toMatch(/read-only/);
    }
    await store.close();
  });

  it('rejects an unknown mode at env validation', () => {
    expect(() => env({ CATALOG_CONFIG_STORE_MODE: 'git' })).toThrow(EnvValidationError);
    expect(() => env({ CATALOG_CONFIG_STORE_MODE: 'git' })).toThrow(
      /CATALOG_CONFIG_STORE_MODE="git"/,
    );
  });

  it('fails the boot when a sources file lies outside the config root', async () => {
    const other = makeConfigDir({ 'sources.yaml': SOURCES });
    try {
      await expect(
        createConfigStore(env({ CATALOG_CONFIG_PATHS: other.path('sources.yaml') })),
      ).rejects.toThrow(InvalidArgumentError);
      await expect(
        createConfigStore(env({ CATALOG_CONFIG_PATHS: other.path('sources.yaml') })),
      ).rejects.toThrow(/CATALOG_CONFIG_PATHS.*outside the config root.*CATALOG_CONFIG_DIR/);
    } finally {
      other.remove();
    }
  });
});
