import { join } from 'node:path';
import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import {
  CatalogEnv,
  CatalogLogger,
  CatalogPluginModule,
  EmbeddedPostgres,
  PROBE_PATHS,
  bodyParserErrorHandler,
  jsonBodyParser,
  requestIdMiddleware,
  requestLoggingMiddleware,
} from '@catalog/plugin';
import { AppModule, DEFAULT_PLUGINS } from './app.module';
import { seedConfigDir } from './config-seed';
import { drainHttp } from './graceful-shutdown';
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
  /**
   * Graceful stop: readiness 503 at once, keep serving for `drainMs`, stop accepting connections,
   * let in-flight requests finish, then close plugins, store and database.
   */
  shutdown(reason: string, drainMs: number): Promise<void>;
  /** shutdown() without a drain. */
  close(): Promise<void>;
}

/**
 * Builds and initializes the whole server (same wiring for `npm start` and tests):
 * database (embedded when DATABASE_URL is unset), kernel, plugins, HTTP conventions, OpenAPI.
 */
export async function createCatalogApp(options: CatalogAppOptions): Promise<CatalogApp> {
  const { env } = options;
  const logger = options.logger ?? new CatalogLogger(env.LOG_FORMAT, env.LOG_LEVEL);
  await seedConfigDir(env, logger);
  const embedded = env.DATABASE_URL
    ? undefined
    : await EmbeddedPostgres.start({ dataDir: join(env.CATALOG_DATA_DIR, 'pglite') });
  let app: NestExpressApplication | undefined;
  try {
    // `:apply` and `:APPLY` are different verbs; only the first exists. Express reads this when
    // it creates its router, so it is set on the instance before Nest touches it.
    const server = express();
    server.set('case sensitive routing', true);
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        env,
        databaseUrl: env.DATABASE_URL ?? embedded!.url,
        // PGlite runs a single session.
        databasePoolSize: embedded ? 1 : env.DATABASE_POOL_SIZE,
        plugins: options.plugins ?? DEFAULT_PLUGINS,
      }),
      new ExpressAdapter(server),
      { logger, bodyParser: false, abortOnError: false },
    );
    app.use(requestIdMiddleware);
    app.use(requestLoggingMiddleware(logger, { quietPaths: PROBE_PATHS }));
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
  const shutdown = async (reason: string, drainMs: number): Promise<void> => {
    await drainHttp(nestApp, reason, drainMs, logger);
    await nestApp.close();
    await embedded?.stop();
  };
  return {
    app: nestApp,
    embedded,
    shutdown,
    close: () => shutdown('close', 0),
  };
}
