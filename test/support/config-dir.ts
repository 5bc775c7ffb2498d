import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SHIPPED_CONFIG_DIR = join(REPO_ROOT, 'config');

export interface TempConfigDir {
  root: string;
  path(relative: string): string;
  write(relative: string, text: string): string;
  remove(): void;
}

/** A private config directory for one suite, optionally seeded with the shipped config/. */
export function makeConfigDir(
  files: Record<string, string> = {},
  options: { copyShipped?: boolean } = {},
): TempConfigDir {
  const root = mkdtempSync(join(tmpdir(), 'catalog-config-'));
  if (options.copyShipped) cpSync(SHIPPED_CONFIG_DIR, root, { recursive: true });
  const dir: TempConfigDir = {
    root,
    path: (relative) => join(root, relative),
    write: (relative, text) => {
      const target = join(root, relative);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      return target;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [relative, text] of Object.entries(files)) dir.write(relative, text);
  return dir;
}
