import 'reflect-metadata';
import {
  CatalogError,
  CatalogLogger,
  EnvValidationError,
  loadCatalogEnv,
  formatErrorDetails,
} from '@catalog/plugin';
import { createCatalogApp } from './catalog-app';

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

async function main(): Promise<void> {
  let env;
  try {
    env = loadCatalogEnv(process.env);
  } catch (err) {
    fail(bootErrorMessage(err));
  }
  const logger = new CatalogLogger(env.LOG_FORMAT, env.LOG_LEVEL);
  let catalog;
  try {
    catalog = await createCatalogApp({ env, logger });
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

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'shutting down', signal }, 'main');
    const timer = setTimeout(() => {
      logger.error(
        { msg: 'grace period exceeded; exiting', graceMs: env.SHUTDOWN_GRACE_MS },
        'main',
      );
      process.exit(1);
    }, env.SHUTDOWN_GRACE_MS);
    timer.unref();
    catalog
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ msg: 'shutdown failed', error: String(err) }, 'main');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
