import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRefreshStatus1764460800000 implements MigrationInterface {
  name = 'CreateRefreshStatus1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "catalog_refresh_status" (
        "plugin_name" text NOT NULL,
        "source_id" text NOT NULL,
        "last_refresh_time" timestamptz NOT NULL,
        "last_refresh_status" text NOT NULL,
        "last_refresh_summary" text NOT NULL,
        "last_error" text,
        "last_success_time" timestamptz,
        "entities_loaded" integer NOT NULL DEFAULT 0,
        "entities_removed" integer NOT NULL DEFAULT 0,
        "duration_ms" integer NOT NULL DEFAULT 0,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_catalog_refresh_status" PRIMARY KEY ("plugin_name", "source_id"),
        CONSTRAINT "chk_catalog_refresh_status_outcome" CHECK ("last_refresh_status" IN ('success', 'error'))
      )`);
    await q.query(
      `CREATE INDEX "idx_catalog_refresh_status_plugin" ON "catalog_refresh_status" ("plugin_name")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "catalog_refresh_status"`);
  }
}
