import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MigrationExecutor } from 'typeorm';

/** Advisory lock key shared by every server process migrating one database. */
const MIGRATION_LOCK_SQL = `SELECT pg_advisory_lock(hashtext('catalog-server.migrations'))`;
const MIGRATION_UNLOCK_SQL = `SELECT pg_advisory_unlock(hashtext('catalog-server.migrations'))`;

/**
 * Runs TypeORM migrations (the kernel's and every plugin's) at boot. Processes booting at once
 * serialize on a PostgreSQL advisory lock; the later ones find nothing pending.
 */
@Injectable()
export class DatabaseMigrator {
  private readonly logger = new Logger(DatabaseMigrator.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async migrate(): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(MIGRATION_LOCK_SQL);
      try {
        // Same connection as the lock: the embedded database has a pool of one.
        const executor = new MigrationExecutor(this.dataSource, runner);
        executor.transaction = 'each';
        const applied = await executor.executePendingMigrations();
        const names = applied.map((m) => m.name);
        if (names.length > 0) this.logger.log({ msg: 'migrations applied', migrations: names });
        return names;
      } finally {
        await runner.query(MIGRATION_UNLOCK_SQL);
      }
    } finally {
      await runner.release();
    }
  }

  async pendingMigrations(): Promise<string[]> {
    const executor = new MigrationExecutor(this.dataSource);
    return (await executor.getPendingMigrations()).map((m) => m.name);
  }
}
