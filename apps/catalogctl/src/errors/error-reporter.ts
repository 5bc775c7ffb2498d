import { ApiError, NetworkError, UnexpectedResponseError } from '../api/api-errors';
import { detailLine, renderDiffSummary, renderValidationReport } from '../output/reports';
import type { Terminal } from '../terminal';
import { CliError } from './cli-errors';
import { ExitCode, exitCodeForStatus } from './exit-codes';

/** One line of advice per status an operator can act on. */
export function hintFor(error: ApiError): string | undefined {
  switch (error.status) {
    case 401:
      return 'the server requires a bearer token: pass --token or set CATALOG_TOKEN';
    case 403:
      return 'this needs the operator role: pass --role operator (header mode) or use an operator token';
    case 404:
      return 'see `catalogctl plugins list` and `catalogctl sources list <plugin>` for valid names';
    case 409:
      return error.code === 'READ_ONLY'
        ? "the server's config store is read-only; change the source where its config is managed"
        : 'the source changed since you read it; run get again';
    case 422:
      return 'the edit is invalid and nothing was written; fix the errors above and validate again';
    case 428:
      return 'this is a critical change; re-run with --yes to confirm it';
    case 429: {
      const seconds = error.retryAfterSeconds ?? error.body.retryAfterSeconds;
      return seconds !== undefined
        ? `refreshed too recently; retry in ${seconds}s (Retry-After: ${seconds})`
        : 'refreshed too recently; retry later';
    }
    default:
      return error.status >= 500
        ? 'the server failed; look for the request id in its logs'
        : undefined;
  }
}

/**
 * Prints any error a command raised to stderr (the server's message as-is, its details with
 * line numbers, the request id, a hint) and returns the exit code for it.
 */
export function reportError(terminal: Terminal, err: unknown): ExitCode {
  if (err instanceof ApiError) {
    const body = err.body;
    const lines = [`error: ${body.message}`];
    // The richest form of the details the body has: a 422's report groups them by layer, a
    // 428's diff summary lists the critical reasons (its details repeat them).
    if (body.report && !body.report.valid) {
      lines.push(...indent(renderValidationReport(body.report, false)));
    } else if (body.diffSummary) {
      lines.push(...indent(renderDiffSummary(body.diffSummary)));
    } else {
      lines.push(...(body.details ?? []).map((d) => `  ${detailLine(d)}`));
    }
    if (body.currentRevision) lines.push(`  current revision: ${body.currentRevision}`);
    if (body.requestId) lines.push(`  request id: ${body.requestId}`);
    const hint = hintFor(err);
    if (hint) lines.push(`hint: ${hint}`);
    terminal.err(lines.join('\n') + '\n');
    return exitCodeForStatus(err.status);
  }
  if (err instanceof NetworkError) {
    const hint = err.timedOut
      ? 'the server did not answer in time; raise --timeout or check the server'
      : 'is the server running? point --server or CATALOG_SERVER at it';
    terminal.err(`error: ${err.message}\nhint: ${hint}\n`);
    return ExitCode.ServerOrNetwork;
  }
  if (err instanceof UnexpectedResponseError) {
    terminal.err(`error: ${err.message}\nhint: is --server the catalog server's base URL?\n`);
    return ExitCode.ServerOrNetwork;
  }
  if (err instanceof CliError) {
    terminal.err(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
    return err.exitCode;
  }
  // A bug in the CLI: show everything, it is what a bug report needs.
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  terminal.err(`error: unexpected failure in catalogctl: ${text}\n`);
  return ExitCode.ServerOrNetwork;
}

function indent(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => (l ? `  ${l}` : l));
}
