import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MGMT, viewer } from '../support/management-api';
import { CliResult } from './support/catalogctl-binary';
import { CLI_USER, CliTestApp, startCliTestApp } from './support/cli-test-app';

// util-linux `script` runs a command on a pseudo-terminal: the only way to be a person at a
// terminal from a test. (BSD/macOS `script` takes other arguments: skip there.)
const hasScript = /util-linux/.test(
  spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '',
);
const describeWithPty = hasScript ? describe : describe.skip;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describeWithPty('catalogctl on a terminal: prompts and progress', () => {
  let app: CliTestApp;
  let work: string;

  beforeAll(async () => {
    app = await startCliTestApp();
    work = mkdtempSync(join(tmpdir(), 'catalogctl-tty-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs catalogctl on a pty; types `answer` once a `[y/N]` prompt shows. Output is merged. */
  function runOnTerminal(args: string[], answer?: string): Promise<CliResult> {
    const command = [process.execPath, app.cli.bin, ...args].map(quote).join(' ');
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          CATALOG_SERVER: app.url,
          CATALOG_USER: CLI_USER,
          CATALOG_ROLE: 'operator',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let answered = false;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (answer !== undefined && !answered && out.includes('[y/N]')) {
          answered = true;
          child.stdin.write(`${answer}\r`);
        }
      });
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no exit on the terminal:\n${out}`));
      }, 30_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: out, stderr: '' });
      });
    });
  }

  const stored = async () =>
    (await app.t.http.get(`${MGMT}/plugins/mcp/sources/sample-mcp-servers`).set(viewer).expect(200))
      .body as { rawYaml: string; revision: string };

  it('a critical apply shows the diff and asks: "n" cancels (exit 1), "y" applies', async () => {
    const before = await stored();
    const shrunk = join(work, 'shrunk.yaml');
    writeFileSync(
      shrunk,
      before.rawYaml.split('\n  - name:').slice(0, 2).join('\n  - name:').trimEnd() + '\n',
    );
    const args = ['sources', 'apply', 'mcp', 'sample-mcp-servers', '-f', shrunk];

    const declined = await runOnTerminal(args, 'n');
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('critical: removes 5 of 6 entities');
    expect(declined.stdout).toMatch(
      /Critical change: removes 5 of 6 entities.*\r?\nApply it\? \[y\/N\]/,
    );
    expect(declined.stdout).toContain('error: cancelled; nothing was changed');
    expect(await stored()).toEqual(before);

    const confirmed = await runOnTerminal(args, 'y');
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(
      /Refresh: +success, 1 loaded \(0 added, 0 updated, 5 removed\)/,
    );
    expect((await stored()).rawYaml).toBe(readFileSync(shrunk, 'utf8'));
  });

  it('delete asks on a terminal and goes ahead on "y"', async () => {
    const res = await runOnTerminal(['sources', 'delete', 'model', 'red-hat-sample'], 'y');
    expect(res.stdout).toContain(
      'Delete source model/red-hat-sample and remove its entities from the catalog? [y/N]',
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Deleted model/red-hat-sample: 3 entities removed');
  });

  it('refresh shows a spinner on a terminal, then erases it and prints the table', async () => {
    const res = await runOnTerminal(['refresh', 'model']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/⠋ refreshing every source of model \d+s/);
    expect(res.stdout).toContain('\r\x1b[2K'); // the spinner line is erased before the table
    expect(res.stdout).toMatch(/SOURCE\s+STATUS\s+LOADED\s+ADDED\s+UPDATED\s+REMOVED\s+DURATION/);
  });
});
