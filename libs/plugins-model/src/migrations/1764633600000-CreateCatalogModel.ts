import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalogModel1764633600000 implements MigrationInterface {
  name = 'CreateCatalogModel1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "catalog_model" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "source_id" text NOT NULL,
        "name" text NOT NULL,
        "content_hash" text NOT NULL,
        "create_time" bigint NOT NULL,
        "last_update_time" bigint NOT NULL,
        "description" text,
        "readme" text,
        "maturity" text,
        "language" jsonb,
        "tasks" jsonb,
        "provider" text,
        "logo" text,
        "license" text,
        "license_link" text,
        "library_name" text,
        "custom_properties" jsonb,
        CONSTRAINT "pk_catalog_model" PRIMARY KEY ("id"),
        CONSTRAINT "uq_catalog_model_source_name" UNIQUE ("source_id", "name")
      )`);
    // Keyset pagination walks (sort column, id); the unique constraint serves per-source lookups.
    await q.query(`CREATE INDEX "idx_catalog_model_name" ON "catalog_model" ("name", "id")`);
    await q.query(
      `CREATE INDEX "idx_catalog_model_create_time" ON "catalog_model" ("create_time", "id")`,
    );
    await q.query(
      `CREATE INDEX "idx_catalog_model_last_update_time" ON "catalog_model" ("last_update_time", "id")`,
    );

    await q.query(`
      CREATE TABLE "catalog_model_artifact" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "source_id" text NOT NULL,
        "model_id" bigint NOT NULL,
        "name" text,
        "content_hash" text NOT NULL,
        "create_time" bigint NOT NULL,
        "last_update_time" bigint NOT NULL,
        "artifact_type" text NOT NULL,
        "uri" text,
        "metrics_type" text,
        "description" text,
        "external_id" text,
        "custom_properties" jsonb,
        CONSTRAINT "pk_catalog_model_artifact" PRIMARY KEY ("id"),
        CONSTRAINT "fk_catalog_model_artifact_model" FOREIGN KEY ("model_id")
          REFERENCES "catalog_model" ("id") ON DELETE CASCADE
      )`);
    // Artifact lists are always one model's, in (sort column, id) order; (model_id, id) also serves
    // the engine's delete-children-of-changed-models and the cascade from catalog_model.
    await q.query(
      `CREATE INDEX "idx_catalog_model_artifact_model" ON "catalog_model_artifact" ("model_id", "id")`,
    );
    await q.query(
      `CREATE INDEX "idx_catalog_model_artifact_name" ON "catalog_model_artifact" ("model_id", "name", "id")`,
    );
    await q.query(
      `CREATE INDEX "idx_catalog_model_artifact_create_time" ON "catalog_model_artifact" ("model_id", "create_time", "id")`,
    );
    await q.query(
      `CREATE INDEX "idx_catalog_model_artifact_last_update_time" ON "catalog_model_artifact" ("model_id", "last_update_time", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "catalog_model_artifact"`);
    await q.query(`DROP TABLE "catalog_model"`);
  }
}
