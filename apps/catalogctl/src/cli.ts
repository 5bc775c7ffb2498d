import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ActionFactory, CommandHandler, createContext, globalOptionsOf } from './cli-context';
import { registerDiagnosticsCommand } from './commands/diagnostics-command';
import { registerPluginsCommands } from './commands/plugins-commands';
import { registerRefreshCommand } from './commands/refresh-command';
import { registerSourceEditCommand } from './commands/source-edit-command';
import { registerSourceReadCommands } from './commands/source-read-commands';
import { registerSourceStateCommands } from './commands/source-state-commands';
import { registerSourceWriteCommands } from './commands/source-write-commands';
import { reportError } from './errors/error-reporter';
import { ExitCode } from './errors/exit-codes';
import { OUTPUT_FORMATS } from './output/output-format';
import type { Terminal } from './terminal';
import { cliVersion } from './version';

export const DEFAULT_SERVER = 'http://localhost:8080';
const DEFAULT_TIMEOUT_S = 300;

const HELP_FOOTER = `
Exit codes: 0 ok, 1 invalid or refused (4xx, invalid report, declined), 2 usage,
            3 server or network error (5xx, unreachable, timeout).

Examples:
  catalogctl sources list mcp
  catalogctl sources get mcp sample-mcp-servers --raw > servers.yaml
  catalogctl --role operator sources validate mcp sample-mcp-servers -f servers.yaml
  catalogctl --role operator sources apply mcp sample-mcp-servers -f servers.yaml
  catalogctl --role operator sources edit mcp sample-mcp-servers
  catalogctl --role operator refresh model`;

/** Runs one command line (`argv` as in process.argv) and returns the process exit code. */
export async function runCli(argv: string[], terminal: Terminal): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const action: ActionFactory =
    <O>(handler: CommandHandler<O>) =>
    async (...params: unknown[]) => {
      // commander calls actions with (...arguments, options, command).
      const command = params[params.length - 1] as Command;
      const args = params.slice(0, -2) as string[];
      const ctx = createContext(globalOptionsOf(command), terminal);
      exitCode = (await handler(ctx, args, command.opts<O & object>() as O)) ?? ExitCode.Ok;
    };
  const program = buildProgram(terminal, action);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with code 0; every parse error (and bare `catalogctl`) is usage.
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    return reportError(terminal, err);
  }
}

export function buildProgram(terminal: Terminal, action: ActionFactory): Command {
  const program = new Command('catalogctl')
    .description('Operate a catalog-server through its management API')
    .version(cliVersion(), '-V, --version')
    .addOption(
      new Option('-s, --server <url>', 'catalog-server base URL')
        .env('CATALOG_SERVER')
        .default(DEFAULT_SERVER),
    )
    .addOption(new Option('--token <token>', 'bearer token (token auth mode)').env('CATALOG_TOKEN'))
    .addOption(
      new Option('--role <role>', 'role to act as (header auth mode)')
        .choices(['viewer', 'operator'])
        .env('CATALOG_ROLE'),
    )
    .addOption(
      new Option(
        '--user <name>',
        'your name on revisions (header auth mode; default: OS user)',
      ).env('CATALOG_USER'),
    )
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'),
    )
    .addOption(
      new Option('--timeout <seconds>', 'give up waiting for the server after this long')
        .argParser(positiveNumber)
        .default(DEFAULT_TIMEOUT_S),
    )
    .addHelpText('after', HELP_FOOTER)
    .configureHelp({
      showGlobalOptions: true,
      // `apply <plugin> <id>` rather than `apply [options] <plugin> <id>`: a narrower first
      // column leaves room to wrap descriptions within 80 columns.
      subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage().replace(/^\[options\] ?/, '')}`.trim(),
    })
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.out(text),
      writeErr: (text) => terminal.err(text),
    });

  registerPluginsCommands(program, action);
  const sources = program.command('sources').description('Sources of a plugin: read, edit, apply');
  registerSourceReadCommands(sources, action);
  registerSourceWriteCommands(sources, action);
  registerSourceEditCommand(sources, action);
  registerSourceStateCommands(sources, action);
  registerRefreshCommand(program, action);
  registerDiagnosticsCommand(program, action);
  return program;
}

/** Node's timers overflow past 2^31-1 ms (and then fire at once). */
const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_S) {
    // commander turns this into "option '--timeout <seconds>' argument '…' is invalid" (exit 2).
    throw new InvalidArgumentError(
      `expected a number of seconds greater than 0 and at most ${MAX_TIMEOUT_S}`,
    );
  }
  return n;
}
