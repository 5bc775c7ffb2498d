/**
 * Process exit codes. Scripts branch on these, so they are part of the CLI's interface
 * (documented in docs/cli.md).
 */
export const ExitCode = {
  /** Done. */
  Ok: 0,
  /** The request was refused or the input is invalid: any 4xx (401 and 403 included), an
   *  invalid validation report, a declined confirmation, a failed refresh. Retrying the same
   *  command will not help; changing the input, the credentials or the answer will. */
  Refused: 1,
  /** The command line itself is wrong: unknown command or option, missing argument, unreadable
   *  input file. Nothing was sent to the server. */
  Usage: 2,
  /** The server failed (5xx, a non-JSON answer) or could not be reached (connection refused,
   *  DNS, timeout). The same command may succeed later. */
  ServerOrNetwork: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** HTTP status of an API error → exit code. */
export function exitCodeForStatus(status: number): ExitCode {
  return status >= 500 ? ExitCode.ServerOrNetwork : ExitCode.Refused;
}
