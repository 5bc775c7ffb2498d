import type { Command } from 'commander';
import { ApiError } from '../api/api-errors';
import type { SourceEdit } from '../api/api-types';
import type { ActionFactory, CliContext } from '../cli-context';
import { UsageError } from '../errors/cli-errors';
import { ExitCode } from '../errors/exit-codes';
import { readInputFile, readSourceFile } from '../input/read-input';
import { printResult } from '../output/output-format';
import { renderValidationReport } from '../output/reports';
import { applyWithConfirmation, exitCodeForRefresh, renderApplyResponse } from './apply-flow';

interface EditFileOptions {
  file?: string;
  sourceFile?: string;
}

interface ApplyOptions extends EditFileOptions {
  refresh: boolean;
  dryRun?: boolean;
  yes?: boolean;
  expectedRevision?: string;
}

export function registerSourceWriteCommands(sources: Command, action: ActionFactory): void {
  sources
    .command('validate')
    .description('Validate an edit without changing anything; exit 1 when invalid')
    .argument('<plugin>', 'plugin name')
    .argument('<id>', 'source id')
    .option('-f, --file <file.yaml>', 'new content (catalog YAML); `-` reads stdin')
    .option('--source-file <src.yaml>', 'new source entry (id, name, type, properties, …)')
    .action(
      action<EditFileOptions>(async (ctx, [plugin, id], options) => {
        const report = await ctx.client.validate(plugin, id, readEdit(options));
        printResult(ctx.terminal, ctx.format, report, () => renderValidationReport(report));
        return report.valid ? ExitCode.Ok : ExitCode.Refused;
      }),
    );

  sources
    .command('apply')
    .description('Validate, save and refresh an edit (creates the source if it is new)')
    .argument('<plugin>', 'plugin name')
    .argument('<id>', 'source id')
    .option('-f, --file <file.yaml>', 'new content (catalog YAML); `-` reads stdin')
    .option('--source-file <src.yaml>', 'new source entry (id, name, type, properties, …)')
    .option('--no-refresh', 'save without refreshing the source')
    .option('--dry-run', 'validate and show the diff summary; write nothing')
    .option('-y, --yes', 'confirm a critical change without asking')
    .option(
      '--expected-revision <revision>',
      'apply only if the source is still at this revision (default: the one read just before)',
    )
    .action(
      action<ApplyOptions>(async (ctx, [plugin, id], options) => {
        const edit = readEdit(options);
        const response = await applyWithConfirmation(ctx, {
          plugin,
          id,
          ...edit,
          refresh: options.refresh,
          dryRun: options.dryRun === true,
          yes: options.yes === true,
          expectedRevision: options.expectedRevision ?? (await currentRevision(ctx, plugin, id)),
        });
        printResult(ctx.terminal, ctx.format, response, () =>
          renderApplyResponse(plugin, id, response),
        );
        return exitCodeForRefresh(response.refreshResult);
      }),
    );
}

function readEdit(options: EditFileOptions): Pick<SourceEdit, 'rawYaml' | 'source'> {
  if (options.file === undefined && options.sourceFile === undefined) {
    throw new UsageError('nothing to send: give -f <file.yaml>, --source-file <src.yaml> or both');
  }
  return {
    ...(options.file !== undefined ? { rawYaml: readInputFile(options.file, '-f') } : {}),
    ...(options.sourceFile !== undefined ? { source: readSourceFile(options.sourceFile) } : {}),
  };
}

/**
 * The revision stored now (undefined for a source that does not exist yet). Sent as
 * expectedRevision so that the diff the server shows, and a confirmation of it, are about the
 * state that will actually be replaced.
 */
async function currentRevision(
  ctx: CliContext,
  plugin: string,
  id: string,
): Promise<string | undefined> {
  try {
    return (await ctx.client.getSource(plugin, id)).revision;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}
