import type { Command } from 'commander';
import type { ManagementPlugin } from '../api/api-types';
import type { ActionFactory } from '../cli-context';
import { printResult } from '../output/output-format';
import { Column, renderTable } from '../output/table';

const PLUGIN_COLUMNS: Column<ManagementPlugin>[] = [
  { header: 'name', value: (p) => p.name },
  { header: 'version', value: (p) => p.version },
  { header: 'serving', value: (p) => (p.serving ? 'yes' : 'no') },
  { header: 'sources', value: (p) => `${p.enabledSourceCount}/${p.sourceCount}`, align: 'right' },
  { header: 'description', value: (p) => p.description, shrink: true },
];

export function registerPluginsCommands(program: Command, action: ActionFactory): void {
  const plugins = program.command('plugins').description('Plugins the server runs');
  plugins
    .command('list')
    .description('List plugins with their management capabilities and source counts')
    .action(
      action(async (ctx) => {
        const list = await ctx.client.listPlugins();
        printResult(ctx.terminal, ctx.format, list, () =>
          renderTable(PLUGIN_COLUMNS, list.items, ctx.terminal.width),
        );
      }),
    );
}
