import type { Command } from 'commander';
import type { StateChangeResponse } from '../api/api-types';
import type { ActionFactory } from '../cli-context';
import { confirm } from '../interaction/confirm';
import { withSpinner } from '../interaction/spinner';
import { printResult } from '../output/output-format';
import { plural, renderRefreshLine, renderRevisionLine } from '../output/reports';
import { exitCodeForRefresh } from './apply-flow';

interface PreconditionOptions {
  expectedRevision?: string;
}

interface DeleteOptions extends PreconditionOptions {
  yes?: boolean;
}

interface RollbackOptions extends PreconditionOptions {
  refresh: boolean;
}

const EXPECTED_REVISION_FLAG = '--expected-revision <revision>';
const EXPECTED_REVISION_HELP = 'change only if the source is still at this revision (If-Match)';

export function registerSourceStateCommands(sources: Command, action: ActionFactory): void {
  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable';
    sources
      .command(verb)
      .description(
        enabled
          ? 'Enable a source (persisted) and load its entities'
          : 'Disable a source (persisted) and remove its entities',
      )
      .argument('<plugin>', 'plugin name')
      .argument('<id>', 'source id')
      .option(EXPECTED_REVISION_FLAG, EXPECTED_REVISION_HELP)
      .action(
        action<PreconditionOptions>(async (ctx, [plugin, id], options) => {
          const res = await withSpinner(
            ctx.terminal,
            `${verb.replace(/e$/, '')}ing ${plugin}/${id}`,
            ctx.client.setEnabled(plugin, id, enabled, options),
          );
          printResult(ctx.terminal, ctx.format, res, () =>
            renderStateChange(`${enabled ? 'Enabled' : 'Disabled'} ${plugin}/${id}`, res),
          );
          return exitCodeForRefresh(res.refreshResult);
        }),
      );
  }

  sources
    .command('delete')
    .description('Delete a source and its entities (its revisions stay for rollback)')
    .argument('<plugin>', 'plugin name')
    .argument('<id>', 'source id')
    .option('-y, --yes', 'delete without asking')
    .option(EXPECTED_REVISION_FLAG, EXPECTED_REVISION_HELP)
    .action(
      action<DeleteOptions>(async (ctx, [plugin, id], options) => {
        await confirm(
          ctx.terminal,
          `Delete source ${plugin}/${id} and remove its entities from the catalog?`,
          { yes: options.yes === true, refusalMessage: `refusing to delete ${plugin}/${id}` },
        );
        const res = await ctx.client.deleteSource(plugin, id, options);
        printResult(ctx.terminal, ctx.format, res, () => {
          const undo = res.previousRevision
            ? `Undo with: catalogctl sources rollback ${plugin} ${id} ${res.previousRevision}\n`
            : '';
          return (
            `Deleted ${plugin}/${id}: ${plural(res.entitiesRemoved, 'entity')} removed ` +
            `(revision ${res.appliedRevision}).\n${undo}`
          );
        });
      }),
    );

  sources
    .command('rollback')
    .description('Restore a revision exactly (recorded as a new revision), then refresh')
    .argument('<plugin>', 'plugin name')
    .argument('<id>', 'source id')
    .argument('<revisionId>', 'revision to restore (see `sources revisions`)')
    .option('--no-refresh', 'restore without refreshing the source')
    .option(EXPECTED_REVISION_FLAG, EXPECTED_REVISION_HELP)
    .action(
      action<RollbackOptions>(async (ctx, [plugin, id, revisionId], options) => {
        const res = await withSpinner(
          ctx.terminal,
          `rolling back ${plugin}/${id}`,
          ctx.client.rollback(plugin, id, revisionId, options.refresh, options),
        );
        printResult(ctx.terminal, ctx.format, res, () =>
          renderStateChange(`Rolled back ${plugin}/${id} to ${revisionId}`, res),
        );
        return exitCodeForRefresh(res.refreshResult);
      }),
    );
}

function renderStateChange(what: string, res: StateChangeResponse): string {
  let out = `${what}.\n${renderRevisionLine(res.appliedRevision, res.previousRevision)}`;
  if (res.refreshResult) out += renderRefreshLine(res.refreshResult);
  return out;
}
