import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { loadCatalogEnv } from '@catalog/plugin';
import { REPO_ROOT } from '../support/config-dir';
import { COMPOSE_FILE, compose, durationMs, interpolateDefaults } from './support/manifests';

const file = compose();
const server = file.services['catalog-server'];
const postgres = file.services.postgres;
const env = loadCatalogEnv(
  Object.fromEntries(
    Object.entries(server.environment ?? {}).map(([k, v]) => [k, interpolateDefaults(String(v))]),
  ),
);
const composeDir = dirname(join(REPO_ROOT, COMPOSE_FILE));

interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}
const mounts: Mount[] = (server.volumes ?? []).map((spec) => {
  const [source, target, mode] = spec.split(':');
  return { source, target, readOnly: mode === 'ro' };
});
const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

describe('docker/docker-compose.yaml', () => {
  it('has PostgreSQL with a pg_isready health check, and the server waits for it to be healthy', () => {
    expect(postgres.image).toMatch(/^postgres:/);
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(server.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const service of [postgres, server])
      expect(service.restart).toMatch(/^(always|unless-stopped|on-failure)/);
  });

  it('points DATABASE_URL at the postgres service with its credentials', () => {
    const url = new URL(env.DATABASE_URL!);
    const pg = Object.fromEntries(
      Object.entries(postgres.environment ?? {}).map(([k, v]) => [
        k,
        interpolateDefaults(String(v)),
      ]),
    );
    expect({
      host: url.hostname,
      user: url.username,
      password: url.password,
      db: url.pathname.slice(1),
    }).toEqual({
      host: 'postgres',
      user: pg.POSTGRES_USER,
      password: pg.POSTGRES_PASSWORD,
      db: pg.POSTGRES_DB,
    });
  });

  it('builds the image from the repository root with docker/Dockerfile', () => {
    const context = join(composeDir, server.build!.context);
    expect(context).toBe(REPO_ROOT);
    expect(existsSync(join(context, server.build!.dockerfile))).toBe(true);
  });

  it('listens on all interfaces inside the container', () => {
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('runs with a read-only root filesystem: the config store lives on a writable volume, the seed is mounted :ro', () => {
    expect(server.read_only).toBe(true);
    expect(server.user).toMatch(/^[1-9]\d*(:\d+)?$/); // numeric, non-root
    expect(env.CATALOG_CONFIG_STORE_MODE).toBe('file');
    const writable = mounts.filter((m) => !m.readOnly);
    // The store writes edits and history inside CATALOG_CONFIG_DIR.
    expect(writable.some((m) => under(env.CATALOG_CONFIG_DIR, m.target))).toBe(true);
    for (const path of configPathsOf(env.CATALOG_CONFIG_PATHS))
      expect(under(path, env.CATALOG_CONFIG_DIR)).toBe(true);
    // Every writable mount is a named volume declared by the file, not a host directory.
    for (const m of writable) expect(Object.keys(file.volumes ?? {})).toContain(m.source);
    // The shipped config is the read-only seed the store starts from.
    const seed = mounts.find((m) => m.target === env.CATALOG_CONFIG_SEED_DIR);
    expect(seed?.readOnly).toBe(true);
    expect(existsSync(join(composeDir, seed!.source, 'sources.yaml'))).toBe(true);
    const relativeSources = posix.relative(
      env.CATALOG_CONFIG_DIR,
      configPathsOf(env.CATALOG_CONFIG_PATHS)[0],
    );
    expect(existsSync(join(composeDir, seed!.source, relativeSources))).toBe(true);
  });

  it('checks health with the bundled script and stops within Docker’s grace period', () => {
    expect(server.healthcheck?.test.slice(0, 3)).toEqual([
      'CMD',
      '/nodejs/bin/node',
      '/app/dist/healthcheck.js',
    ]);
    expect(durationMs(server.healthcheck!.start_period!)).toBeGreaterThanOrEqual(60_000);
    expect(durationMs(server.stop_grace_period!)).toBeGreaterThan(env.SHUTDOWN_GRACE_MS);
  });
});

function configPathsOf(value: string): string[] {
  return value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}
