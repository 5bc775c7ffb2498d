import { ApiError } from '../api/api-errors';
import type { ApplyResponse, ErrorDetail, SourceEdit } from '../api/api-types';
import type { CliContext } from '../cli-context';
import { ExitCode } from '../errors/exit-codes';
import { confirm } from '../interaction/confirm';
import { withSpinner } from '../interaction/spinner';
import {
  detailLine,
  renderDiffSummary,
  renderRefreshLine,
  renderRevisionLine,
} from '../output/reports';

export interface ApplyRequest {
  plugin: string;
  id: string;
  rawYaml?: string;
  source?: Record<string, unknown>;
  refresh: boolean;
  dryRun: boolean;
  /** Confirm a critical change without asking. */
  yes: boolean;
  /** The revision the edit is based on; the server refuses (409) if the source moved on. */
  expectedRevision?: string;
}

/**
 * Sends an apply; on a 428 (critical change) shows the diff summary and asks for confirmation
 * (or takes `--yes`), then re-sends the same edit with confirmCriticalChanges. The re-send
 * carries the same expectedRevision, so what gets applied is what the diff was computed against.
 */
export async function applyWithConfirmation(
  ctx: CliContext,
  request: ApplyRequest,
): Promise<ApplyResponse> {
  const edit = (confirmCriticalChanges: boolean): SourceEdit => ({
    ...(request.source !== undefined ? { source: request.source } : {}),
    ...(request.rawYaml !== undefined ? { rawYaml: request.rawYaml } : {}),
    options: {
      refreshAfterApply: request.refresh && !request.dryRun,
      dryRun: request.dryRun,
      ...(request.expectedRevision ? { expectedRevision: request.expectedRevision } : {}),
      // A dry run writes nothing, so there is nothing to confirm: ask for the full answer
      // (diff + warnings) and report criticality from the diff summary.
      ...(confirmCriticalChanges || request.dryRun ? { confirmCriticalChanges: true } : {}),
    },
  });
  const send = (confirmed: boolean) =>
    withSpinner(
      ctx.terminal,
      request.refresh && !request.dryRun ? 'applying and refreshing' : 'applying',
      ctx.client.apply(request.plugin, request.id, edit(confirmed)),
    );
  try {
    return (await send(false)).body;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 428) throw err;
    // Without --yes and without a person to ask, the server's 428 is the answer (exit 1).
    if (!request.yes && !ctx.terminal.interactive) throw err;
    if (!request.yes && err.body.diffSummary) {
      ctx.terminal.err(renderDiffSummary(err.body.diffSummary));
    }
    const reasons = err.body.diffSummary?.criticalReasons.join('; ') ?? err.body.message;
    await confirm(ctx.terminal, `Critical change: ${reasons}.\nApply it?`, {
      yes: request.yes,
      refusalMessage: err.body.message,
    });
    return (await send(true)).body;
  }
}

/** Human summary of an apply: diff, warnings, revision, refresh counts. */
export function renderApplyResponse(plugin: string, id: string, res: ApplyResponse): string {
  let out = renderDiffSummary(res.diffSummary);
  out += renderWarnings(res.warnings);
  if (res.dryRun) {
    out += `Dry run: nothing was written.${
      res.diffSummary.critical ? ' Applying this critical change needs confirmation (--yes).' : ''
    }\n`;
    return out;
  }
  out += res.created ? `Created ${plugin}/${id}.\n` : `Applied ${plugin}/${id}.\n`;
  out += renderRevisionLine(res.appliedRevision ?? '-', res.previousRevision);
  if (res.refreshResult) out += renderRefreshLine(res.refreshResult);
  return out;
}

export function renderWarnings(warnings: ErrorDetail[]): string {
  if (!warnings.length) return '';
  return `Warnings:\n${warnings.map((w) => `  warning  ${detailLine(w)}\n`).join('')}`;
}

/** A change that was saved but whose refresh failed still fails the command (exit 1). */
export function exitCodeForRefresh(result: { status: string } | undefined): ExitCode {
  return result?.status === 'error' ? ExitCode.Refused : ExitCode.Ok;
}
