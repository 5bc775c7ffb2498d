import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ApiError } from '../api/api-errors';
import type { ValidationReport } from '../api/api-types';
import type { ActionFactory, CliContext } from '../cli-context';
import { RefusedError } from '../errors/cli-errors';
import { ExitCode } from '../errors/exit-codes';
import { stripErrorHeader, withErrorHeader } from '../edit/edit-buffer';
import { editorCommand, runEditor } from '../edit/editor';
import { printResult } from '../output/output-format';
import { applyWithConfirmation, exitCodeForRefresh, renderApplyResponse } from './apply-flow';

interface EditOptions {
  yes?: boolean;
}

export function registerSourceEditCommand(sources: Command, action: ActionFactory): void {
  sources
    .command('edit')
    .description('Edit the content in $EDITOR, validate it, apply it with refresh')
    .argument('<plugin>', 'plugin name')
    .argument('<id>', 'source id')
    .option('-y, --yes', 'confirm a critical change without asking')
    .addHelpText(
      'after',
      `
Opens $EDITOR (else $VISUAL, else vi) on the current content. Saved unchanged: nothing
happens. Saved invalid: the file re-opens with the errors as "# catalogctl:" comments on
top. Saved valid: applied with refresh, based on the revision read when the editor opened,
so a change someone made in the meantime is refused (409) rather than overwritten.`,
    )
    .action(
      action<EditOptions>((ctx, [plugin, id], options) =>
        editSource(ctx, plugin, id, options.yes === true),
      ),
    );
}

/**
 * kubectl-edit for a source's content. The revision read at the start is the apply's
 * expectedRevision: if someone else changed the source while the editor was open, the apply
 * is refused (409) instead of overwriting their change, and the edit is kept in its file.
 */
async function editSource(
  ctx: CliContext,
  plugin: string,
  id: string,
  yes: boolean,
): Promise<ExitCode> {
  const detail = await ctx.client.getSource(plugin, id);
  if (detail.rawYaml === null) {
    throw new RefusedError(`source ${plugin}/${id} has no content document to edit`);
  }
  const original = detail.rawYaml;
  // Validating the current content changes nothing, but fails now (403, 404, unreachable)
  // rather than after the operator has spent time in the editor.
  await ctx.client.validate(plugin, id, { rawYaml: original });

  const dir = mkdtempSync(join(tmpdir(), 'catalogctl-edit-'));
  const file = join(dir, `${plugin}-${id}.yaml`);
  writeFileSync(file, original);
  const editor = editorCommand();
  let content = original;
  let keepFile = false;
  try {
    let lastInvalid: string | undefined;
    for (;;) {
      const status = runEditor(editor, file);
      content = stripErrorHeader(readFileSync(file, 'utf8'));
      if (status !== 0) {
        throw new RefusedError(
          `the editor (${editor}) exited with status ${status}; nothing was applied`,
          'set EDITOR to a working editor',
        );
      }
      if (content === original) {
        ctx.terminal.err('Edit cancelled, no changes made.\n');
        return ExitCode.Ok;
      }
      if (content.trim() === '') {
        ctx.terminal.err('Edit cancelled, the file was emptied.\n');
        return ExitCode.Ok;
      }
      if (content === lastInvalid)
        throw new RefusedError('Edit cancelled, no valid changes were saved.');

      const report = await ctx.client.validate(plugin, id, { rawYaml: content });
      if (!report.valid) {
        lastInvalid = content;
        reopenWithErrors(ctx, file, content, report);
        continue;
      }
      try {
        const response = await applyWithConfirmation(ctx, {
          plugin,
          id,
          rawYaml: content,
          refresh: true,
          dryRun: false,
          yes,
          expectedRevision: detail.revision,
        });
        printResult(ctx.terminal, ctx.format, response, () =>
          renderApplyResponse(plugin, id, response),
        );
        return exitCodeForRefresh(response.refreshResult);
      } catch (err) {
        // Valid when validated, invalid when applied (the stored entry changed in between):
        // same as any invalid save, back to the editor.
        if (err instanceof ApiError && err.status === 422 && err.body.report) {
          lastInvalid = content;
          reopenWithErrors(ctx, file, content, err.body.report);
          continue;
        }
        throw err;
      }
    }
  } catch (err) {
    // Whatever stopped the edit (409, a declined confirmation, the server going away…), the
    // operator's changes are not thrown away.
    if (content !== original) {
      keepFile = true;
      ctx.terminal.err(`Your edit was not applied; it is kept in ${file}\n`);
    }
    throw err;
  } finally {
    if (!keepFile) rmSync(dir, { recursive: true, force: true });
  }
}

function reopenWithErrors(
  ctx: CliContext,
  file: string,
  content: string,
  report: ValidationReport,
): void {
  const n = report.errors.length;
  ctx.terminal.err(
    `The edit is invalid (${n} error${n === 1 ? '' : 's'}); reopening it with the errors on top.\n`,
  );
  writeFileSync(file, withErrorHeader(content, report));
}
