import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RefreshOutcome = 'success' | 'error';

/** The last refresh of one source (clarification C2: persisted, survives restarts). */
@Entity({ name: 'catalog_refresh_status' })
@Check('chk_catalog_refresh_status_outcome', `"last_refresh_status" IN ('success', 'error')`)
export class RefreshStatusEntity {
  @PrimaryColumn({
    name: 'plugin_name',
    type: 'text',
    primaryKeyConstraintName: 'pk_catalog_refresh_status',
  })
  @Index('idx_catalog_refresh_status_plugin')
  pluginName!: string;

  @PrimaryColumn({
    name: 'source_id',
    type: 'text',
    primaryKeyConstraintName: 'pk_catalog_refresh_status',
  })
  sourceId!: string;

  @Column({ name: 'last_refresh_time', type: 'timestamptz' })
  lastRefreshTime!: Date;

  @Column({ name: 'last_refresh_status', type: 'text' })
  lastRefreshStatus!: RefreshOutcome;

  @Column({ name: 'last_refresh_summary', type: 'text' })
  lastRefreshSummary!: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When the source last refreshed successfully: a failure must not hide when data was good. */
  @Column({ name: 'last_success_time', type: 'timestamptz', nullable: true })
  lastSuccessTime!: Date | null;

  @Column({ name: 'entities_loaded', type: 'integer', default: 0 })
  entitiesLoaded!: number;

  @Column({ name: 'entities_removed', type: 'integer', default: 0 })
  entitiesRemoved!: number;

  @Column({ name: 'duration_ms', type: 'integer', default: 0 })
  durationMs!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
