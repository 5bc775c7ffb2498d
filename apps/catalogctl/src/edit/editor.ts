import { spawnSync } from 'node:child_process';

/** `$EDITOR`, else `$VISUAL`, else `vi`. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.EDITOR?.trim() || env.VISUAL?.trim() || 'vi';
}

/**
 * Opens `file` in the editor and waits for it to exit, attached to this terminal. The command
 * goes through the shell, as git does it, because editors are often configured with arguments
 * (`code --wait`, `emacsclient -t`). Returns the editor's exit status (127: not found).
 */
export function runEditor(command: string, file: string): number {
  const result =
    process.platform === 'win32'
      ? spawnSync(`${command} "${file}"`, { shell: true, stdio: 'inherit' })
      : spawnSync('/bin/sh', ['-c', `${command} "$@"`, command, file], { stdio: 'inherit' });
  if (result.error) return 127;
  return result.status ?? 128; // killed by a signal
}
