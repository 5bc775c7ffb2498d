import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { withTimeout } from './check-timeout';

/**
 * `SELECT 1` through the application's own connection pool, so readiness reports whether the
 * pool can reach the database, not whether some side connection can.
 *
 * Two properties keep a dead or black-holed database from wedging the pool:
 * - one ping at a time: concurrent checks share the attempt in flight instead of each queueing
 *   for a connection (probes keep arriving while the database is gone);
 * - a ping that has a connection but no answer within the timeout releases that connection as
 *   broken, which destroys its socket (pg ends a client with an active query by destroying the
 *   stream), so the attempt always settles and the pool replaces the connection.
 * Getting a connection is bounded by the pool's own `connectionTimeoutMillis`.
 */
@Injectable()
export class DatabasePing {
  private inFlight?: Promise<void>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves with the round trip in ms, or rejects (CheckTimeoutError after `timeoutMs`). */
  async ping(timeoutMs: number): Promise<number> {
    const started = Date.now();
    this.inFlight ??= this.attempt(timeoutMs).finally(() => {
      this.inFlight = undefined;
    });
    await withTimeout(this.inFlight, timeoutMs, 'database ping');
    return Date.now() - started;
  }

  private async attempt(queryTimeoutMs: number): Promise<void> {
    const client = await this.pool().connect();
    let released = false;
    const release = (err?: Error): void => {
      if (released) return;
      released = true;
      client.release(err);
    };
    const timer = setTimeout(
      () => release(new Error('readiness ping timed out; dropping the connection')),
      queryTimeoutMs,
    );
    try {
      await client.query('SELECT 1');
      release();
    } catch (err) {
      release(err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private pool(): Pool {
    // TypeORM's postgres driver keeps its pg Pool in `master` (no public accessor).
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!this.dataSource.isInitialized || !pool) throw new Error('database pool is not connected');
    return pool;
  }
}
