import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { CatalogApiClient } from './api/catalog-api-client';
import type { Role } from './api/api-types';
import { UsageError } from './errors/cli-errors';
import type { ExitCode } from './errors/exit-codes';
import type { OutputFormat } from './output/output-format';
import type { Terminal } from './terminal';

/** The global flags, after commander applied env fallbacks and defaults. */
export interface GlobalOptions {
  server: string;
  token?: string;
  role?: Role;
  user?: string;
  output: OutputFormat;
  timeout: number;
}

/** What every command needs: where to send requests, how to print, where to print. */
export interface CliContext {
  client: CatalogApiClient;
  format: OutputFormat;
  terminal: Terminal;
}

/** A command's work: returns an exit code when it is not 0 (errors are thrown). */
export type CommandHandler<O> = (
  ctx: CliContext,
  args: string[],
  options: O,
) => Promise<ExitCode | void>;

export type ActionFactory = <O>(
  handler: CommandHandler<O>,
) => (...args: unknown[]) => Promise<void>;

export function createContext(options: GlobalOptions, terminal: Terminal): CliContext {
  let server: URL;
  try {
    server = new URL(options.server);
  } catch {
    throw new UsageError(`--server ${options.server} is not a URL`, 'e.g. http://localhost:8080');
  }
  if (server.protocol !== 'http:' && server.protocol !== 'https:') {
    throw new UsageError(`--server ${options.server} must be an http:// or https:// URL`);
  }
  const client = new CatalogApiClient({
    server: options.server,
    token: options.token || undefined,
    role: options.role,
    // The author recorded on revisions in header mode; token mode names the token instead.
    user: options.user || osUser(),
    timeoutMs: options.timeout * 1000,
  });
  return { client, format: options.output, terminal };
}

function osUser(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined; // no passwd entry (some containers)
  }
}

/** Global options as seen from a subcommand (commander keeps them on the root program). */
export function globalOptionsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
