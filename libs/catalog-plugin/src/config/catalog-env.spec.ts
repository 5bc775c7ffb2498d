import { EnvValidationError, loadCatalogEnv } from './catalog-env';

describe('loadCatalogEnv', () => {
  it('applies documented defaults', () => {
    const env = loadCatalogEnv({});
    expect(env.PORT).toBe(8080);
    expect(env.CATALOG_CONFIG_PATHS).toBe('./config/sources.yaml');
    expect(env.CATALOG_CONFIG_STORE_MODE).toBe('file');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers', () => {
    expect(loadCatalogEnv({ PORT: '9090' }).PORT).toBe(9090);
  });

  it('lists every bad variable', () => {
    try {
      loadCatalogEnv({ PORT: 'abc', CATALOG_CONFIG_STORE_MODE: 'ftp', DATABASE_URL: 'mysql://x' });
      throw new Error('expected failure');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvValidationError);
      const problems = (err as EnvValidationError).problems.join('\n');
      expect(problems).toContain('PORT="abc"');
      expect(problems).toContain('CATALOG_CONFIG_STORE_MODE="ftp"');
      expect(problems).toContain('DATABASE_URL="mysql://x": must be a postgres:// URL');
    }
  });

  it('requires a tokens file in token auth mode', () => {
    expect(() => loadCatalogEnv({ CATALOG_AUTH_MODE: 'token' })).toThrow(/CATALOG_AUTH_TOKENS_FILE/);
  });

  it('keeps the shutdown drain inside the grace period', () => {
    expect(loadCatalogEnv({}).SHUTDOWN_DRAIN_MS).toBe(0);
    expect(loadCatalogEnv({ SHUTDOWN_DRAIN_MS: '5000', SHUTDOWN_GRACE_MS: '25000' }).SHUTDOWN_DRAIN_MS).toBe(5000);
    expect(() => loadCatalogEnv({ SHUTDOWN_DRAIN_MS: '10000' })).toThrow(/SHUTDOWN_DRAIN_MS=10000: must be less than SHUTDOWN_GRACE_MS/);
  });

  it('reads the optional config seed directory', () => {
    expect(loadCatalogEnv({}).CATALOG_CONFIG_SEED_DIR).toBeUndefined();
    expect(loadCatalogEnv({ CATALOG_CONFIG_SEED_DIR: '/opt/catalog/seed' }).CATALOG_CONFIG_SEED_DIR).toBe('/opt/catalog/seed');
  });
});
