import {
  CatalogError,
  CatalogLogger,
  CatalogPluginModule,
  EnvValidationError,
  formatErrorDetails,
  loadCatalogEnv,
} from '@catalog/plugin';
import { CatalogApp, createCatalogApp } from './catalog-app';

export interface RunServerOptions {
  /** Plugin modules to host; the shipped ones by default (test entries add test plugins). */
  plugins?: readonly CatalogPluginModule[];
}

function fail(message: string): never {
  process.stderr.write(`catalog-server: ${message}\n`);
  process.exit(1);
}

function bootErrorMessage(err: unknown): string {
  if (err instanceof EnvValidationError) return err.message;
  if (err instanceof CatalogError) {
    return err.details.length && !err.message.includes('\n')
      ? `${err.message}\n${formatErrorDetails(err.details)}`
      : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * The server process: validate the environment, boot, listen, and stop gracefully on SIGTERM or
 * SIGINT. These two handlers are the only shutdown mechanism (no enableShutdownHooks): they drain
 * first (readiness 503, in-flight requests finish) and then close the app, all within
 * SHUTDOWN_GRACE_MS, else the process exits 1.
 */
export async function runServer(options: RunServerOptions = {}): Promise<void> {
  let env;
  try {
    env = loadCatalogEnv(process.env);
  } catch (err) {
    fail(bootErrorMessage(err));
  }
  const logger = new CatalogLogger(env.LOG_FORMAT, env.LOG_LEVEL);
  let catalog: CatalogApp | undefined;
  try {
    catalog = await createCatalogApp({ env, logger, plugins: options.plugins });
    await catalog.app.listen(env.PORT, env.HOST);
  } catch (err) {
    await catalog?.close().catch(() => undefined);
    fail(`cannot start: ${bootErrorMessage(err)}`);
  }
  logger.log(
    {
      msg: 'listening',
      url: `http://${env.HOST}:${env.PORT}`,
      docs: `http://${env.HOST}:${env.PORT}/api/docs`,
    },
    'main',
  );

  const running = catalog;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(
      {
        msg: 'shutting down',
        signal,
        drainMs: env.SHUTDOWN_DRAIN_MS,
        graceMs: env.SHUTDOWN_GRACE_MS,
      },
      'main',
    );
    const timer = setTimeout(() => {
      logger.error(
        { msg: 'grace period exceeded; exiting', graceMs: env.SHUTDOWN_GRACE_MS },
        'main',
      );
      process.exit(1);
    }, env.SHUTDOWN_GRACE_MS);
    timer.unref();
    running
      .shutdown(signal, env.SHUTDOWN_DRAIN_MS)
      .then(() => {
        logger.log({ msg: 'stopped' }, 'main');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ msg: 'shutdown failed', error: String(err) }, 'main');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
