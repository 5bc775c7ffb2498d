import type { Command } from 'commander';
import type { PluginDiagnostics, SourceDiagnostics } from '../api/api-types';
import type { ActionFactory } from '../cli-context';
import { age, duration, timestamp } from '../output/human-time';
import { printResult } from '../output/output-format';
import { Column, renderFields, renderTable } from '../output/table';

const SOURCE_COLUMNS: Column<SourceDiagnostics>[] = [
  { header: 'source', value: (s) => s.sourceId, shrink: true },
  { header: 'enabled', value: (s) => (s.enabled ? 'yes' : 'no') },
  { header: 'state', value: (s) => (s.refreshing ? 'refreshing' : s.status.state) },
  { header: 'entities', value: (s) => String(s.status.entityCount), align: 'right' },
  { header: 'last success', value: (s) => age(s.status.lastSuccessTime), align: 'right' },
  { header: 'last error', value: (s) => s.contentError ?? s.status.lastError ?? '-', shrink: true },
];

export function registerDiagnosticsCommand(program: Command, action: ActionFactory): void {
  program
    .command('diagnostics')
    .description('Per-source state, last successful refresh, last errors, entity counts')
    .argument('<plugin>', 'plugin name')
    .argument('[id]', 'source id')
    .action(
      action(async (ctx, [plugin, id]) => {
        if (id !== undefined) {
          const diag = await ctx.client.sourceDiagnostics(plugin, id);
          printResult(ctx.terminal, ctx.format, diag, () => renderSourceDiagnostics(diag));
          return;
        }
        const diag = await ctx.client.pluginDiagnostics(plugin);
        printResult(ctx.terminal, ctx.format, diag, () =>
          renderPluginDiagnostics(diag, ctx.terminal.width),
        );
      }),
    );
}

function renderPluginDiagnostics(diag: PluginDiagnostics, width: number): string {
  const fields: Array<[string, string]> = [
    ['Plugin', diag.plugin],
    ['Serving', diag.serving ? 'yes' : 'no'],
    ['Initial load', diag.initialLoad],
    ['Entities', String(diag.totalEntities)],
  ];
  if (diag.pluginError) fields.push(['Plugin error', diag.pluginError]);
  if (diag.configError) fields.push(['Config error', diag.configError]);
  return `${renderFields(fields)}\n${renderTable(SOURCE_COLUMNS, diag.sources, width)}`;
}

function renderSourceDiagnostics(diag: SourceDiagnostics): string {
  const s = diag.status;
  const fields: Array<[string, string]> = [
    ['Source', diag.sourceId],
    ['Enabled', diag.enabled ? 'yes' : 'no'],
    ['State', diag.refreshing ? `${s.state} (refreshing now)` : s.state],
    ['Entities', String(s.entityCount)],
    [
      'Last refresh',
      s.lastRefreshTime ? `${s.lastRefreshStatus ?? '-'} at ${timestamp(s.lastRefreshTime)}` : '-',
    ],
    ['Last summary', s.lastRefreshSummary ?? '-'],
    ['Duration', duration(s.durationMs)],
    [
      'Last success',
      s.lastSuccessTime ? `${timestamp(s.lastSuccessTime)} (${age(s.lastSuccessTime)} ago)` : '-',
    ],
    ['Last error', s.lastError ?? '-'],
  ];
  if (diag.contentError) fields.push(['Content error', diag.contentError]);
  return renderFields(fields);
}
