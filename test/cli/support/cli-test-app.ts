import { startTestApp, TestApp, TestAppOptions } from '../../support/test-app';
import { CatalogctlBinary, CliResult, RunOptions } from './catalogctl-binary';

/**
 * A real app (real PostgreSQL, shipped config copy by default) listening on a free port, and
 * the CLI binary pointed at it with `CATALOG_SERVER`.
 */
export interface CliTestApp {
  t: TestApp;
  url: string;
  cli: CatalogctlBinary;
  /** Runs catalogctl against this app; `env` adds to (or overrides) the server/user env. */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  close(): Promise<void>;
}

export const CLI_USER = 'cli-tester';

export async function startCliTestApp(options: TestAppOptions = {}): Promise<CliTestApp> {
  const cli = CatalogctlBinary.build();
  const t = await startTestApp(options);
  // The CLI is another process: the app must listen on a real socket, not just supertest's.
  await t.app.listen(0, '127.0.0.1');
  const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    t,
    url,
    cli,
    run: (args, runOptions = {}) =>
      cli.run(args, {
        ...runOptions,
        env: { CATALOG_SERVER: url, CATALOG_USER: CLI_USER, ...runOptions.env },
      }),
    close: async () => {
      await t.close();
      cli.remove();
    },
  };
}
