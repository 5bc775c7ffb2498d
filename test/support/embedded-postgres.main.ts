import { EmbeddedPostgres } from '../../libs/catalog-plugin/src/database/embedded-postgres';

// Runs an in-memory embedded PostgreSQL in its own process (PGlite needs ESM dynamic import,
// which jest's module sandbox does not offer) and prints its URL.
void EmbeddedPostgres.start({ dataDir: process.argv[2] }).then((pg) => {
  process.stdout.write(`url=${pg.url}\n`);
  const stop = (): void => void pg.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
});
