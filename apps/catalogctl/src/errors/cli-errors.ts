import { ExitCode } from './exit-codes';

/**
 * A failure the CLI detected itself (not an HTTP error): the message is printed as `error: …`,
 * the optional hint as `hint: …`, and the process exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad invocation discovered after parsing (e.g. an unreadable `-f` file): exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
    this.name = 'UsageError';
  }
}

/** The CLI refused to go on (declined confirmation, no TTY to ask on, aborted edit): exit 1. */
export class RefusedError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Refused, hint);
    this.name = 'RefusedError';
  }
}
