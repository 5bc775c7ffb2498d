import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';
import { REPO_ROOT } from '../../support/config-dir';

export const CLI_SOURCE_DIR = join(REPO_ROOT, 'apps', 'catalogctl', 'src');
export const BIN_PATH = join(REPO_ROOT, 'bin', 'catalogctl.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to a minimal environment (PATH, HOME): the tests' own CATALOG_* never leak in. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed (stdin is a pipe, never a TTY). */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs `node <bin> …args` as a child process and collects its exit code and output. */
export function runNode(bin: string, args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`catalogctl ${args.join(' ')} did not finish:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * The CLI as `npm run build` ships it, in a private directory: the real `bin/catalogctl.js`
 * (byte copy), the compiled sources under `dist/apps/catalogctl/src`, and `node_modules` linked
 * to the repository's. Without `apps/` next to it, the launcher takes its compiled branch.
 *
 * Why not run the repository's bin directly: from source each start pays ~0.6 s of on-the-fly
 * compilation, compiled ~0.2 s, and these suites start the CLI dozens of times. The compile
 * uses SWC (≈0.2 s for all files, vs ≈3 s for tsc); types are checked by `npm run typecheck`.
 * The launcher's own choice between source and dist is tested in catalogctl-bin.spec.ts.
 */
export class CatalogctlBinary {
  private constructor(readonly root: string) {}

  static build(): CatalogctlBinary {
    const root = mkdtempSync(join(tmpdir(), 'catalogctl-bin-'));
    mkdirSync(join(root, 'bin'));
    copyFileSync(BIN_PATH, join(root, 'bin', 'catalogctl.js'));
    copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    const outDir = join(root, 'dist', 'apps', 'catalogctl', 'src');
    for (const file of typeScriptFiles(CLI_SOURCE_DIR)) {
      const target = join(outDir, relative(CLI_SOURCE_DIR, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      const { code } = transformFileSync(file, {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: false,
      });
      writeFileSync(target, code);
    }
    return new CatalogctlBinary(root);
  }

  get bin(): string {
    return join(this.root, 'bin', 'catalogctl.js');
  }

  run(args: string[], options: RunOptions = {}): Promise<CliResult> {
    return runNode(this.bin, args, options);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every line of `text` that is wider than `width` (in code points). */
export function linesWiderThan(text: string, width = 80): string[] {
  return text.split('\n').filter((line) => Array.from(line).length > width);
}
