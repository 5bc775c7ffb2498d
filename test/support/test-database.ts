import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  /** URL of a database no other suite uses. */
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

export const ADMIN_DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let reachable: Promise<boolean> | undefined;
let announced = false;

async function postgresReachable(): Promise<boolean> {
  const client = new Client({
    connectionString: ADMIN_DATABASE_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh database per test suite on the real PostgreSQL server, so suites run in parallel and
 * never see each other's rows. Without a reachable server (and without CATALOG_TEST_REQUIRE_PG=1)
 * it falls back to an in-memory embedded PostgreSQL and says so once.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  reachable ??= postgresReachable();
  if (await reachable) {
    const name = `catalog_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return {
      url: withDatabase(ADMIN_DATABASE_URL, name),
      kind: 'postgres',
      drop: async () => {
        const c = new Client({ connectionString: ADMIN_DATABASE_URL });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  }
  if (process.env.CATALOG_TEST_REQUIRE_PG === '1') {
    throw new Error(
      `CATALOG_TEST_REQUIRE_PG=1 but PostgreSQL is not reachable at ${ADMIN_DATABASE_URL}`,
    );
  }
  if (!announced) {
    announced = true;
    process.stderr.write(
      `PostgreSQL not reachable at ${ADMIN_DATABASE_URL}: integration suites use embedded PGlite\n`,
    );
  }
  return startEmbeddedPostgresProcess();
}

/** An in-memory embedded PostgreSQL in a child process; `drop` stops it. */
export async function startEmbeddedPostgresProcess(dataDir?: string): Promise<TestDatabase> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(__dirname, 'embedded-postgres.main.ts'),
      ...(dataDir ? [dataDir] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /url=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code})`)));
  });
  return {
    url,
    kind: 'embedded',
    drop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
