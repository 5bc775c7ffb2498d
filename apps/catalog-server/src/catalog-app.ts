import { join } from 'node:path';
import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  CatalogEnv,
  CatalogLogger,
  CatalogPluginModule,
  EmbeddedPostgres,
  bodyParserErrorHandler,
  jsonBodyParser,
  requestIdMiddleware,
  requestLoggingMiddleware,
} from '@catalog/plugin';
import { AppModule, DEFAULT_PLUGINS } from './app.module';
import { setupOpenApi } from './openapi';

export interface CatalogAppOptions {
  env: CatalogEnv;
  plugins?: readonly CatalogPluginModule[];
  logger?: LoggerService;
}

export interface CatalogApp {
  app: INestApplication;
  /** Set when no DATABASE_URL was given and the embedded database serves this app. */
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

/**
 * Builds and initializes the whole server (same wiring for `npm start` and tests):
 * database (embedded when DATABASE_URL is unset), kernel, plugins, HTTP conventions, OpenAPI.
 */
export async function createCatalogApp(options: CatalogAppOptions): Promise<CatalogApp> {
  const { env } = options;
  const logger = options.logger ?? new CatalogLogger(env.LOG_FORMAT, env.LOG_LEVEL);
  const embedded = env.DATABASE_URL
    ? undefined
    : await EmbeddedPostgres.start({ dataDir: join(env.CATALOG_DATA_DIR, 'pglite') });
  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        env,
        databaseUrl: env.DATABASE_URL ?? embedded!.url,
        // PGlite runs a single session.
        databasePoolSize: embedded ? 1 : env.DATABASE_POOL_SIZE,
        plugins: options.plugins ?? DEFAULT_PLUGINS,
      }),
      { logger, bodyParser: false, abortOnError: false },
    );
    app.use(requestIdMiddleware);
    app.use(requestLoggingMiddleware(logger));
    app.use(jsonBodyParser());
    app.use(bodyParserErrorHandler);
    app.disable('x-powered-by');
    setupOpenApi(app);
    await app.init();
  } catch (err) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  const nestApp = app;
  return {
    app: nestApp,
    embedded,
    close: async () => {
      await nestApp.close();
      await embedded?.stop();
    },
  };
}
