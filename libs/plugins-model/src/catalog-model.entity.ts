import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

/**
 * Table metadata of `catalog_model` (written in bulk by the ingestion engine, read by the query
 * engine; see CATALOG_MODEL_MODEL).
 */
@Entity({ name: 'catalog_model' })
@Unique('uq_catalog_model_source_name', ['sourceId', 'name'])
@Index('idx_catalog_model_name', ['name', 'id'])
@Index('idx_catalog_model_create_time', ['createTime', 'id'])
@Index('idx_catalog_model_last_update_time', ['lastUpdateTime', 'id'])
export class CatalogModelEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_catalog_model',
  })
  id!: string;

  @Column({ name: 'source_id', type: 'text' }) sourceId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
  @Column({ name: 'create_time', type: 'bigint' }) createTime!: string;
  @Column({ name: 'last_update_time', type: 'bigint' }) lastUpdateTime!: string;

  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'text', nullable: true }) readme!: string | null;
  @Column({ type: 'text', nullable: true }) maturity!: string | null;
  @Column({ type: 'jsonb', nullable: true }) language!: string[] | null;
  @Column({ type: 'jsonb', nullable: true }) tasks!: string[] | null;
  @Column({ type: 'text', nullable: true }) provider!: string | null;
  @Column({ type: 'text', nullable: true }) logo!: string | null;
  @Column({ type: 'text', nullable: true }) license!: string | null;
  @Column({ name: 'license_link', type: 'text', nullable: true }) licenseLink!: string | null;
  @Column({ name: 'library_name', type: 'text', nullable: true }) libraryName!: string | null;
  @Column({ name: 'custom_properties', type: 'jsonb', nullable: true }) customProperties!: Record<
    string,
    unknown
  > | null;
}

/** Table metadata of `catalog_model_artifact`: one model's artifacts (child table). */
@Entity({ name: 'catalog_model_artifact' })
@Index('idx_catalog_model_artifact_model', ['modelId', 'id'])
@Index('idx_catalog_model_artifact_name', ['modelId', 'name', 'id'])
@Index('idx_catalog_model_artifact_create_time', ['modelId', 'createTime', 'id'])
@Index('idx_catalog_model_artifact_last_update_time', ['modelId', 'lastUpdateTime', 'id'])
export class CatalogModelArtifactEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_catalog_model_artifact',
  })
  id!: string;

  @Column({ name: 'source_id', type: 'text' }) sourceId!: string;
  @Column({ name: 'model_id', type: 'bigint' }) modelId!: string;

  @ManyToOne(() => CatalogModelEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({
    name: 'model_id',
    referencedColumnName: 'id',
    foreignKeyConstraintName: 'fk_catalog_model_artifact_model',
  })
  model?: CatalogModelEntity;

  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
  @Column({ name: 'create_time', type: 'bigint' }) createTime!: string;
  @Column({ name: 'last_update_time', type: 'bigint' }) lastUpdateTime!: string;

  @Column({ name: 'artifact_type', type: 'text' }) artifactType!: string;
  @Column({ type: 'text', nullable: true }) uri!: string | null;
  @Column({ name: 'metrics_type', type: 'text', nullable: true }) metricsType!: string | null;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'external_id', type: 'text', nullable: true }) externalId!: string | null;
  @Column({ name: 'custom_properties', type: 'jsonb', nullable: true }) customProperties!: Record<
    string,
    unknown
  > | null;
}
