import type { Command } from 'commander';
import type { ActionFactory } from '../cli-context';
import { ExitCode } from '../errors/exit-codes';
import { withSpinner } from '../interaction/spinner';
import { printResult } from '../output/output-format';
import { renderPluginRefresh, renderRefreshResults } from '../output/reports';

export function registerRefreshCommand(program: Command, action: ActionFactory): void {
  program
    .command('refresh')
    .description('Reload sources now and show what changed (all sources when no id is given)')
    .argument('<plugin>', 'plugin name')
    .argument('[id]', 'source id')
    .action(
      action(async (ctx, [plugin, id]) => {
        if (id !== undefined) {
          const result = await withSpinner(
            ctx.terminal,
            `refreshing ${plugin}/${id}`,
            ctx.client.refreshSource(plugin, id),
          );
          printResult(ctx.terminal, ctx.format, result, () =>
            renderRefreshResults([result], ctx.terminal.width),
          );
          return result.status === 'error' ? ExitCode.Refused : ExitCode.Ok;
        }
        const result = await withSpinner(
          ctx.terminal,
          `refreshing every source of ${plugin}`,
          ctx.client.refreshPlugin(plugin),
        );
        printResult(ctx.terminal, ctx.format, result, () =>
          renderPluginRefresh(result, ctx.terminal.width),
        );
        return result.totals.failed > 0 ? ExitCode.Refused : ExitCode.Ok;
      }),
    );
}
