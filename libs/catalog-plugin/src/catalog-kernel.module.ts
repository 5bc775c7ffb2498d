import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogBootstrap } from './catalog-bootstrap.service';
import { CATALOG_ENV, CatalogEnv } from './config/catalog-env';
import { SourcesConfigService } from './config/sources-config.service';
import { CORE_ENTITIES, CORE_MIGRATIONS } from './database/core-schema';
import { DatabaseMigrator } from './database/database-migrator';
import { CatalogExceptionFilter } from './http/catalog-exception.filter';
import { createCatalogValidationPipe } from './http/validation-pipe';
import { CatalogPluginModule } from './plugin/catalog-plugin-module';
import { PluginRegistry } from './plugin/plugin-registry';
import { PluginServingGuard } from './plugin/plugin-route';
import { PluginsController } from './plugin/plugins.controller';
import { ConfigStoreModule } from './store/config-store.module';
import { CatalogManagementModule } from './management/catalog-management.module';
import { CatalogIngestionService } from './ingestion/catalog-ingestion.service';
import { InitialLoadService } from './ingestion/initial-load.service';
import { ExternalChangeRefresher } from './ingestion/external-change-refresher';
import { SourceContentReader } from './ingestion/source-content-reader';
import { RefreshStatusRepository } from './status/refresh-status.repository';
import { RefreshStatusJanitor } from './status/refresh-status-janitor';
import { CatalogQueryService } from './query/catalog-query.service';
import { CatalogReadService } from './data-plane/catalog-read.service';

export interface CatalogKernelOptions {
  env: CatalogEnv;
  /** The PostgreSQL URL to use (a real server, or the embedded one). */
  databaseUrl: string;
  databasePoolSize: number;
  plugins: readonly CatalogPluginModule[];
}

/**
 * The plugin kernel: database, migrations, sources view, config store, plugin registry and the
 * HTTP conventions (error shape, strict validation). Global, so plugin modules inject its services.
 */
@Module({})
export class CatalogKernelModule {
  static forRoot(options: CatalogKernelOptions): DynamicModule {
    const { env, plugins } = options;
    return {
      module: CatalogKernelModule,
      global: true,
      imports: [
        DiscoveryModule,
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.databaseUrl,
          entities: [...CORE_ENTITIES, ...plugins.flatMap((p) => p.schema.entities)],
          migrations: [...CORE_MIGRATIONS, ...plugins.flatMap((p) => p.schema.migrations)],
          migrationsRun: false,
          synchronize: false,
          logging: false,
          extra: {
            max: options.databasePoolSize,
            // Bounds every wait for a connection, so requests and the readiness ping fail within
            // 5 s while the database is gone instead of hanging; the pool drops broken clients
            // and opens new ones once it is back (no restart needed).
            connectionTimeoutMillis: 5000,
            // Lets the OS notice a connection whose peer vanished without closing it.
            keepAlive: true,
            keepAliveInitialDelayMillis: 10_000,
            // A statement that gets no answer fails instead of holding a request forever.
            query_timeout: env.DATABASE_QUERY_TIMEOUT_MS,
          },
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        ConfigStoreModule.forRoot(env),
        CatalogManagementModule,
        ...plugins,
      ],
      providers: [
        { provide: CATALOG_ENV, useValue: env },
        PluginRegistry,
        DatabaseMigrator,
        SourcesConfigService,
        CatalogBootstrap,
        RefreshStatusRepository,
        RefreshStatusJanitor,
        SourceContentReader,
        CatalogIngestionService,
        InitialLoadService,
        ExternalChangeRefresher,
        CatalogQueryService,
        CatalogReadService,
        { provide: APP_FILTER, useClass: CatalogExceptionFilter },
        { provide: APP_PIPE, useFactory: createCatalogValidationPipe },
        { provide: APP_GUARD, useClass: PluginServingGuard },
      ],
      controllers: [PluginsController],
      exports: [
        CATALOG_ENV,
        PluginRegistry,
        DatabaseMigrator,
        SourcesConfigService,
        ConfigStoreModule,
        RefreshStatusRepository,
        SourceContentReader,
        CatalogIngestionService,
        InitialLoadService,
        ExternalChangeRefresher,
        CatalogQueryService,
        CatalogReadService,
      ],
    };
  }
}
