import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMcpServer1764547200000 implements MigrationInterface {
  name = 'CreateMcpServer1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "mcp_server" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "source_id" text NOT NULL,
        "name" text NOT NULL,
        "content_hash" text NOT NULL,
        "create_time" bigint NOT NULL,
        "last_update_time" bigint NOT NULL,
        "external_id" text,
        "description" text,
        "server_url" text NOT NULL,
        "transport_type" text,
        "tool_count" bigint,
        "resource_count" bigint,
        "prompt_count" bigint,
        "deployment_mode" text,
        "image" text,
        "endpoint" text,
        "supported_transports" text,
        "license" text,
        "verified" boolean,
        "certified" boolean,
        "provider" text,
        "logo" text,
        "category" text,
        "custom_properties" jsonb,
        CONSTRAINT "pk_mcp_server" PRIMARY KEY ("id"),
        CONSTRAINT "uq_mcp_server_source_name" UNIQUE ("source_id", "name")
      )`);
    // Keyset pagination walks (sort column, id); the unique constraint serves per-source lookups.
    await q.query(`CREATE INDEX "idx_mcp_server_name" ON "mcp_server" ("name", "id")`);
    await q.query(
      `CREATE INDEX "idx_mcp_server_create_time" ON "mcp_server" ("create_time", "id")`,
    );
    await q.query(
      `CREATE INDEX "idx_mcp_server_last_update_time" ON "mcp_server" ("last_update_time", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mcp_server"`);
  }
}
