import { runCli } from './cli';
import { processTerminal } from './terminal';

// `catalogctl … | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// Exit through process.exitCode, not process.exit(): stdout may still be flushing into a pipe.
void runCli(process.argv, processTerminal()).then((code) => {
  process.exitCode = code;
});
