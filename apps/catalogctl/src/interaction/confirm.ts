import { RefusedError } from '../errors/cli-errors';
import type { Terminal } from '../terminal';

export interface ConfirmOptions {
  /** `--yes` was given: proceed without asking. */
  yes: boolean;
  /** Shown when there is nobody to ask (no TTY) and `--yes` is missing. */
  refusalMessage: string;
}

/**
 * Asks `question` (y/N) when a person is at the terminal; with `--yes`, proceeds silently. With
 * neither, refuses: a script must say `--yes` explicitly, it never gets an implicit default.
 * Throws RefusedError (exit 1) unless confirmed.
 */
export async function confirm(
  terminal: Terminal,
  question: string,
  options: ConfirmOptions,
): Promise<void> {
  if (options.yes) return;
  if (!terminal.interactive) {
    throw new RefusedError(
      options.refusalMessage,
      'no terminal to ask for confirmation on; re-run with --yes to confirm',
    );
  }
  const answer = (await terminal.ask(`${question} [y/N] `)).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') throw new RefusedError('cancelled; nothing was changed');
}
