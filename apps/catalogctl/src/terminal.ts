import { createInterface } from 'node:readline/promises';

/**
 * The process's streams as the commands see them. Results go to stdout; progress, prompts,
 * errors and hints go to stderr, so `catalogctl … -o json | jq` and `--raw > file` stay clean.
 */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Width to fit tables into: the terminal's when stdout is one, else 80. */
  readonly width: number;
  /** A person can answer a prompt: stdin and stderr are both terminals. */
  readonly interactive: boolean;
  /** Progress indicators only make sense on a terminal. */
  readonly stderrIsTTY: boolean;
  /** Asks on stderr, reads one line from stdin. */
  ask(question: string): Promise<string>;
}

export const DEFAULT_WIDTH = 80;

export function processTerminal(): Terminal {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    width: process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : DEFAULT_WIDTH,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
