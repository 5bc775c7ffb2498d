import type { Command } from 'commander';
import type { ManagedSource, RevisionInfo, SourceDetail } from '../api/api-types';
import type { ActionFactory, CliContext } from '../cli-context';
import { age, timestamp } from '../output/human-time';
import { indentedYaml, printResult } from '../output/output-format';
import { Column, renderFields, renderTable } from '../output/table';

const SOURCE_COLUMNS: Column<ManagedSource>[] = [
  { header: 'id', value: (s) => s.id, shrink: true },
  { header: 'enabled', value: (s) => (s.enabled === false ? 'no' : 'yes') },
  { header: 'state', value: (s) => s.status.state },
  { header: 'entities', value: (s) => String(s.status.entityCount), align: 'right' },
  { header: 'last refresh', value: (s) => s.status.lastRefreshStatus ?? '-' },
  { header: 'age', value: (s) => age(s.status.lastRefreshTime), align: 'right' },
];

const REVISION_COLUMNS: Column<RevisionInfo>[] = [
  { header: 'revision', value: (r) => r.id },
  { header: 'created', value: (r) => timestamp(r.createdAt) },
  { header: 'author', value: (r) => r.author, shrink: true },
  { header: 'action', value: (r) => r.action },
  { header: 'size', value: (r) => String(r.size), align: 'right' },
];

interface GetOptions {
  raw?: boolean;
}

export function registerSourceReadCommands(sources: Command, action: ActionFactory): void {
  sources
    .command('list')
    .description('List the sources of a plugin: state, entities, last refresh')
    .argument('<plugin>', 'plugin name (see `plugins list`)')
    .action(
      action(async (ctx, [plugin]) => {
        const list = await ctx.client.listSources(plugin);
        printResult(ctx.terminal, ctx.format, list, () =>
          renderTable(SOURCE_COLUMNS, list.items, ctx.terminal.width),
        );
      }),
    );

  sources
    .command('get')
    .description('Show a source: its entry in sources.yaml, revision and content (rawYaml)')
    .argument('<plugin>', 'plugin name')
    .argument('<id>', 'source id')
    .option('--raw', 'print only the content, byte for byte (`--raw > file.yaml` round-trips)')
    .action(
      action<GetOptions>(async (ctx, [plugin, id], options) => {
        const detail = await ctx.client.getSource(plugin, id);
        if (options.raw) {
          // Exactly the stored bytes: no trailing newline added, so apply -f gets them back.
          ctx.terminal.out(detail.rawYaml ?? '');
          return;
        }
        printResult(ctx.terminal, ctx.format, detail, () => renderSourceDetail(plugin, detail));
      }),
    );

  sources
    .command('revisions')
    .description('Revision history of a source, newest first')
    .argument('<plugin>', 'plugin name')
    .argument('<id>', 'source id')
    .action(
      action(async (ctx, [plugin, id]) => {
        const list = await ctx.client.revisions(plugin, id);
        printResult(ctx.terminal, ctx.format, list, () => renderRevisions(ctx, list.items));
      }),
    );
}

function renderSourceDetail(plugin: string, detail: SourceDetail): string {
  const fields = renderFields([
    ['Plugin', plugin],
    ['Source', detail.source.id],
    ['Revision', detail.revision],
    ['Origin', detail.origin],
  ]);
  const content =
    detail.rawYaml === null
      ? '(this source has no content document)\n'
      : detail.rawYaml.endsWith('\n') || detail.rawYaml === ''
        ? detail.rawYaml
        : `${detail.rawYaml}\n`;
  return `${fields}\nEntry:\n${indentedYaml(detail.source)}\n\nContent:\n${content}`;
}

function renderRevisions(ctx: CliContext, items: RevisionInfo[]): string {
  const evicted = items.reduce((n, r) => n + (r.olderRevisionsEvicted ?? 0), 0);
  const note = evicted ? `(${evicted} older revisions were evicted)\n` : '';
  return renderTable(REVISION_COLUMNS, items, ctx.terminal.width) + note;
}
