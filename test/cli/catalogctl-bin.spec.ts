import { spawnSync } from 'node:child_process';
import {
  cpSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/config-dir';
import { BIN_PATH, CLI_SOURCE_DIR, runNode } from './support/catalogctl-binary';

const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/**
 * How `catalogctl` starts: package.json's bin, and bin/catalogctl.js choosing between the
 * compiled CLI and the TypeScript source.
 */
describe('catalogctl launcher (bin/catalogctl.js)', () => {
  let clone: string;

  beforeAll(() => {
    // What a fresh clone has after `npm install`: sources, configs, node_modules; no dist/.
    clone = mkdtempSync(join(tmpdir(), 'catalogctl-clone-'));
    mkdirSync(join(clone, 'bin'));
    copyFileSync(BIN_PATH, join(clone, 'bin', 'catalogctl.js'));
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.base.json'])
      copyFileSync(join(REPO_ROOT, f), join(clone, f));
    cpSync(CLI_SOURCE_DIR, join(clone, 'apps', 'catalogctl', 'src'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('package.json exposes bin/catalogctl.js as `catalogctl`', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ catalogctl: 'bin/catalogctl.js' });
    expect(readFileSync(BIN_PATH, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('without a build it runs the TypeScript source (from any working directory)', async () => {
    const res = await runNode(join(clone, 'bin', 'catalogctl.js'), ['--version'], {
      cwd: tmpdir(),
    });
    expect(res).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('uses the compiled CLI when it is newer than the sources, and never a stale one', async () => {
    const compiled = join(clone, 'dist', 'apps', 'catalogctl', 'src', 'main.js');
    mkdirSync(join(compiled, '..'), { recursive: true });
    writeFileSync(compiled, 'process.stdout.write("compiled build\\n");\n');
    const fresh = await runNode(join(clone, 'bin', 'catalogctl.js'), ['--version']);
    expect(fresh.stdout).toBe('compiled build\n');

    // A source edited after the build: the build is stale, so the source runs.
    const past = new Date(Date.now() - 60_000);
    utimesSync(compiled, past, past);
    const stale = await runNode(join(clone, 'bin', 'catalogctl.js'), ['--version']);
    expect(stale.stdout).toBe(`${VERSION}\n`);
    rmSync(join(clone, 'dist'), { recursive: true });
  });

  it('`npx catalogctl` in the repository runs the local bin (no registry lookup)', () => {
    const res = spawnSync('npx', ['--no-install', 'catalogctl', '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      timeout: 30_000,
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^Usage: catalogctl \[options\] \[command\]/);
  });
});
