import type { Terminal } from '../terminal';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const INTERVAL_MS = 80;

/**
 * Shows `label` with a spinner on stderr while `work` runs. Only on a terminal: piped or
 * redirected stderr (CI logs, tests) gets nothing, not a stream of carriage returns.
 */
export async function withSpinner<T>(
  terminal: Terminal,
  label: string,
  work: Promise<T>,
): Promise<T> {
  if (!terminal.stderrIsTTY) return work;
  let frame = 0;
  const started = Date.now();
  const draw = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    terminal.err(`\r${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s`);
  };
  draw();
  const timer = setInterval(draw, INTERVAL_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    terminal.err('\r\x1b[2K'); // erase the spinner line
  }
}
