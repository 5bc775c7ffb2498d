import { Injectable, Module } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CATALOG_PLUGIN,
  CatalogDefinition,
  CatalogPlugin,
  CatalogPluginSchema,
  ContentReadContext,
  EntityModel,
  ErrorDetail,
  LoadedSource,
  SourceCatalogCapability,
  StoredEntity,
  isSecretRef,
  YamlContentProvider,
} from '@catalog/plugin';

/**
 * A test asset type whose provider needs a secret at refresh time: content is served only when
 * the SecretRef in `properties.accessKey` resolves to the key that the content declares. It
 * exercises the kernel's SecretRef plumbing with a real resolver, never the value itself.
 */
class GatedYamlProvider extends YamlContentProvider {
  override readonly type = 'gated-yaml';

  override validateProperties(
    source: LoadedSource,
    options?: { contentSupplied?: boolean },
  ): ErrorDetail[] {
    const errors = super.validateProperties(source, options);
    if (!isSecretRef(source.properties.accessKey)) {
      errors.push({
        field: 'properties.accessKey',
        message: 'must be a SecretRef { name, namespace?, key }',
      });
    }
    return errors;
  }

  override async readContentBytes(
    source: LoadedSource,
    context: ContentReadContext,
  ): Promise<Buffer> {
    return Buffer.from(await this.readContent(source, context), 'utf8');
  }

  override async readContent(source: LoadedSource, context: ContentReadContext): Promise<string> {
    const ref = source.properties.accessKey;
    if (!isSecretRef(ref)) throw new Error('properties.accessKey must be a SecretRef');
    const key = await context.secrets.resolve(ref);
    const text = await super.readContent(source, context);
    const expected = /^# key-sha: (\S+)$/m.exec(text)?.[1];
    const { createHash } = await import('node:crypto');
    if (createHash('sha256').update(key.reveal()).digest('hex') !== expected)
      throw new Error('access key rejected');
    return text;
  }
}

const MODEL: EntityModel = {
  table: 'gated_item',
  resourceName: 'gated items',
  fields: [{ name: 'note', column: 'note', kind: 'string', filterable: true }],
};

class CreateGatedItem1764999999999 implements MigrationInterface {
  name = 'CreateGatedItem1764999999999';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gated_item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, source_id text NOT NULL, name text NOT NULL,
      content_hash text NOT NULL, create_time bigint NOT NULL, last_update_time bigint NOT NULL, note text, UNIQUE (source_id, name))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gated_item');
  }
}

@Injectable()
class GatedPlugin implements CatalogPlugin, SourceCatalogCapability {
  readonly name = 'gated';
  readonly version = 'v1';
  readonly description = 'Test plugin whose provider needs a secret';
  readonly configKey = 'gated';
  readonly entities = [];
  readonly migrations = [CreateGatedItem1764999999999];
  readonly catalog: CatalogDefinition = {
    model: MODEL,
    format: {
      itemsKey: 'items',
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: { name: { type: 'string' }, note: { type: 'string' } },
            },
          },
        },
      },
      toEntity: (item) => ({ name: item.name as string, fields: { note: item.note } }),
    },
    providers: [new GatedYamlProvider()],
    toApiItem: (e: StoredEntity) => ({ id: e.id, name: e.name, ...e.fields }),
  };
  async init(): Promise<void> {}
}

@Module({ providers: [{ provide: CATALOG_PLUGIN, useClass: GatedPlugin }] })
export class GatedPluginModule {
  static readonly schema: CatalogPluginSchema = {
    entities: [],
    migrations: [CreateGatedItem1764999999999],
  };
}
