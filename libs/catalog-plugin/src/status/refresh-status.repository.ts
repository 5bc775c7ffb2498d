import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshOutcome, RefreshStatusEntity } from './refresh-status.entity';

export interface RefreshStatusRecord {
  pluginName: string;
  sourceId: string;
  outcome: RefreshOutcome;
  summary: string;
  error: string | null;
  entitiesLoaded: number;
  entitiesRemoved: number;
  durationMs: number;
  finishedAt: Date;
}

/** Persisted refresh status (catalog_refresh_status), one row per (plugin, source). */
@Injectable()
export class RefreshStatusRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Upserts the status of one refresh. `last_success_time` only moves on success, so a failed
   * refresh never hides when the data was last good. Pass the refresh's transaction manager so
   * the status commits together with the entity changes.
   */
  async record(
    record: RefreshStatusRecord,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string> {
    const rows: Array<{ version: string }> = await manager.query(
      `INSERT INTO catalog_refresh_status AS s
         (plugin_name, source_id, last_refresh_time, last_refresh_status, last_refresh_summary, last_error,
          last_success_time, entities_loaded, entities_removed, duration_ms, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4 = 'success' THEN $3::timestamptz END, $7, $8, $9, now())
       ON CONFLICT (plugin_name, source_id) DO UPDATE SET
         last_refresh_time = EXCLUDED.last_refresh_time,
         last_refresh_status = EXCLUDED.last_refresh_status,
         last_refresh_summary = EXCLUDED.last_refresh_summary,
         last_error = EXCLUDED.last_error,
         last_success_time = COALESCE(EXCLUDED.last_success_time, s.last_success_time),
         entities_loaded = EXCLUDED.entities_loaded,
         entities_removed = EXCLUDED.entities_removed,
         duration_ms = EXCLUDED.duration_ms,
         updated_at = now()
       RETURNING updated_at::text AS version`,
      [
        record.pluginName,
        record.sourceId,
        record.finishedAt,
        record.outcome,
        record.summary,
        record.error,
        record.entitiesLoaded,
        record.entitiesRemoved,
        Math.round(record.durationMs),
      ],
    );
    return rows[0].version;
  }

  /**
   * The version (updated_at, microseconds) of a source's status row: every write to a source's
   * entities goes through the engine, which updates this row in the same transaction, so an
   * unchanged version means the rows are as the engine last left them.
   */
  async version(
    pluginName: string,
    sourceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | undefined> {
    const rows: Array<{ version: string }> = await manager.query(
      `SELECT updated_at::text AS version FROM catalog_refresh_status WHERE plugin_name = $1 AND source_id = $2`,
      [pluginName, sourceId],
    );
    return rows[0]?.version;
  }

  async find(pluginName: string, sourceId: string): Promise<RefreshStatusEntity | null> {
    return this.dataSource.getRepository(RefreshStatusEntity).findOneBy({ pluginName, sourceId });
  }

  async findByPlugin(pluginName: string): Promise<RefreshStatusEntity[]> {
    return this.dataSource
      .getRepository(RefreshStatusEntity)
      .find({ where: { pluginName }, order: { sourceId: 'ASC' } });
  }

  async deleteSource(
    pluginName: string,
    sourceId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.delete(RefreshStatusEntity, { pluginName, sourceId });
  }

  /** Plugins that have at least one status row (boot-time cleanup compares them to the registry). */
  async pluginNames(): Promise<string[]> {
    const rows: Array<{ plugin_name: string }> = await this.dataSource.query(
      `SELECT DISTINCT plugin_name FROM catalog_refresh_status ORDER BY plugin_name`,
    );
    return rows.map((r) => r.plugin_name);
  }

  /** Cleanup for a plugin that no longer exists. */
  async deletePlugin(pluginName: string): Promise<number> {
    const result = await this.dataSource.getRepository(RefreshStatusEntity).delete({ pluginName });
    return result.affected ?? 0;
  }
}
