import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Table metadata of `mcp_server` (written in bulk by the ingestion engine, read by the query engine). */
@Entity({ name: 'mcp_server' })
@Unique('uq_mcp_server_source_name', ['sourceId', 'name'])
@Index('idx_mcp_server_name', ['name', 'id'])
@Index('idx_mcp_server_create_time', ['createTime', 'id'])
@Index('idx_mcp_server_last_update_time', ['lastUpdateTime', 'id'])
export class McpServerEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_mcp_server',
  })
  id!: string;

  @Column({ name: 'source_id', type: 'text' }) sourceId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
  @Column({ name: 'create_time', type: 'bigint' }) createTime!: string;
  @Column({ name: 'last_update_time', type: 'bigint' }) lastUpdateTime!: string;

  @Column({ name: 'external_id', type: 'text', nullable: true }) externalId!: string | null;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ name: 'server_url', type: 'text' }) serverUrl!: string;
  @Column({ name: 'transport_type', type: 'text', nullable: true }) transportType!: string | null;
  @Column({ name: 'tool_count', type: 'bigint', nullable: true }) toolCount!: string | null;
  @Column({ name: 'resource_count', type: 'bigint', nullable: true }) resourceCount!: string | null;
  @Column({ name: 'prompt_count', type: 'bigint', nullable: true }) promptCount!: string | null;
  @Column({ name: 'deployment_mode', type: 'text', nullable: true }) deploymentMode!: string | null;
  @Column({ type: 'text', nullable: true }) image!: string | null;
  @Column({ type: 'text', nullable: true }) endpoint!: string | null;
  @Column({ name: 'supported_transports', type: 'text', nullable: true }) supportedTransports!:
    string | null;
  @Column({ type: 'text', nullable: true }) license!: string | null;
  @Column({ type: 'boolean', nullable: true }) verified!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) certified!: boolean | null;
  @Column({ type: 'text', nullable: true }) provider!: string | null;
  @Column({ type: 'text', nullable: true }) logo!: string | null;
  @Column({ type: 'text', nullable: true }) category!: string | null;
  @Column({ name: 'custom_properties', type: 'jsonb', nullable: true }) customProperties!: Record<
    string,
    unknown
  > | null;
}
