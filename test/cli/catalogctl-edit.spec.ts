import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MGMT, viewer } from '../support/management-api';
import { CLI_USER, CliTestApp, startCliTestApp } from './support/cli-test-app';

/**
 * A stand-in for a person at an editor: a node script run as $EDITOR with the file path as its
 * argument. Each invocation appends what it was shown to `seen.json` (so the test can check what
 * the CLI re-opened) and then edits the file as EDIT_SCRIPT says:
 *   invalid-then-fix  1st: rename a field (invalid); 2nd: fix it, add a comment and a server
 *   noop              change nothing
 *   invalid-twice     1st: invalid; 2nd: save it as it is (still invalid, unchanged)
 *   concurrent        change a field, but first let "someone else" apply a change over HTTP
 *   shrink            drop all servers but the first (a critical change)
 */
const EDITOR_SCRIPT = `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const file = process.argv[2];
const stateDir = process.env.EDIT_STATE;
const seenFile = path.join(stateDir, 'seen.json');
const seen = fs.existsSync(seenFile) ? JSON.parse(fs.readFileSync(seenFile, 'utf8')) : [];
const text = fs.readFileSync(file, 'utf8');
seen.push(text);
fs.writeFileSync(seenFile, JSON.stringify(seen));
const round = seen.length;
const body = text.split('\\n').filter((l) => !l.startsWith('# catalogctl:')).join('\\n');
const invalid = (t) => t.replace(/toolCount: \\d+/, 'toolCont: 1');
const write = (t) => fs.writeFileSync(file, t);
(async () => {
  switch (process.env.EDIT_SCRIPT) {
    case 'invalid-then-fix':
      if (round === 1) return write(invalid(text));
      // Leave the CLI's comment lines in place: the CLI must strip them itself.
      return write(
        text.replace('toolCont: 1', 'toolCount: 42') +
          '  # added by the editor test\\n' +
          '  - name: "edited-in-editor"\\n' +
          '    serverUrl: "https://edited.example.com/mcp"\\n',
      );
    case 'noop':
      return;
    case 'invalid-twice':
      if (round === 1) return write(invalid(text));
      return;
    case 'concurrent': {
      const res = await fetch(process.env.CATALOG_SERVER + '${MGMT}/plugins/mcp/sources/sample-mcp-servers:apply', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-role': 'operator', 'x-user-name': 'someone-else' },
        body: JSON.stringify({ rawYaml: body.replace(/promptCount: \\d+/, 'promptCount: 77') }),
      });
      if (res.status !== 200) throw new Error('concurrent apply failed: ' + res.status);
      return write(text.replace(/toolCount: \\d+/, 'toolCount: 55'));
    }
    case 'shrink':
      return write(text.split('\\n  - name:').slice(0, 2).join('\\n  - name:').trimEnd() + '\\n');
    default:
      throw new Error('unknown EDIT_SCRIPT ' + process.env.EDIT_SCRIPT);
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

describe('catalogctl sources edit ($EDITOR flow)', () => {
  let app: CliTestApp;
  let work: string;
  let editor: string;
  const SOURCE = ['mcp', 'sample-mcp-servers'];

  beforeAll(async () => {
    app = await startCliTestApp();
    work = mkdtempSync(join(tmpdir(), 'catalogctl-editor-'));
    editor = join(work, 'fake-editor.js');
    writeFileSync(editor, EDITOR_SCRIPT);
    chmodSync(editor, 0o755);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs `sources edit` with the fake editor in `mode`; returns the result and what it saw. */
  async function edit(mode: string, extraArgs: string[] = [], role = 'operator') {
    const state = mkdtempSync(join(work, `${mode}-`));
    const result = await app.run(['sources', 'edit', ...SOURCE, ...extraArgs], {
      env: { CATALOG_ROLE: role, EDITOR: editor, EDIT_SCRIPT: mode, EDIT_STATE: state },
    });
    const seenFile = join(state, 'seen.json');
    const seen: string[] = existsSync(seenFile) ? JSON.parse(readFileSync(seenFile, 'utf8')) : [];
    return { ...result, seen };
  }

  const stored = async () =>
    (await app.t.http.get(`${MGMT}/plugins/mcp/sources/sample-mcp-servers`).set(viewer).expect(200))
      .body as { rawYaml: string; revision: string };
  const revisionCount = async () =>
    (
      await app.t.http
        .get(`${MGMT}/plugins/mcp/sources/sample-mcp-servers/revisions`)
        .set(viewer)
        .expect(200)
    ).body.size as number;

  it('an unchanged edit aborts cleanly: exit 0, nothing written', async () => {
    const before = await stored();
    const revisions = await revisionCount();
    const res = await edit('noop');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('Edit cancelled, no changes made.\n');
    expect(res.stdout).toBe('');
    expect(res.seen).toEqual([before.rawYaml]); // the editor was shown the current content
    expect(await stored()).toEqual(before);
    expect(await revisionCount()).toBe(revisions);
  });

  it('a viewer is refused before the editor opens, not after the work is done', async () => {
    const res = await edit('invalid-then-fix', [], 'viewer');
    expect(res.code).toBe(1);
    expect(res.seen).toEqual([]);
    expect(res.stderr).toContain('hint: this needs the operator role');
  });

  it('an invalid save re-opens the file with the errors as comments; the fixed save is applied with refresh', async () => {
    const before = await stored();
    const res = await edit('invalid-then-fix');
    expect(res.seen).toHaveLength(2);
    expect(res.seen[0]).toBe(before.rawYaml);
    expect(res.seen[0]).not.toContain('# catalogctl:');

    // Second opening: the error comments on top, then the invalid content as it was saved.
    const badLine = before.rawYaml.split('\n').findIndex((l) => /toolCount: \d+/.test(l)) + 1;
    const reopened = res.seen[1];
    const header = reopened.split('\n').filter((l) => l.startsWith('# catalogctl:'));
    expect(reopened.startsWith(header.join('\n') + '\n')).toBe(true);
    expect(header[0]).toBe('# catalogctl: This edit is invalid (1 error) and was not applied.');
    expect(header).toContain(
      `# catalogctl: provider: error  line ${badLine}:5  mcpservers[0].toolCont: unknown field`,
    );
    expect(reopened.slice(reopened.indexOf('mcpservers:'))).toBe(
      before.rawYaml.replace(/toolCount: \d+/, 'toolCont: 1'),
    );
    expect(res.stderr).toContain(
      'The edit is invalid (1 error); reopening it with the errors on top.',
    );

    // Applied with refresh: the comment lines were stripped, the content's own comment kept.
    expect(res.code).toBe(0);
    const after = await stored();
    expect(after.rawYaml).toBe(
      before.rawYaml.replace(/toolCount: \d+/, 'toolCount: 42') +
        '  # added by the editor test\n' +
        '  - name: "edited-in-editor"\n' +
        '    serverUrl: "https://edited.example.com/mcp"\n',
    );
    expect(res.stdout).toContain('Applied mcp/sample-mcp-servers.');
    expect(res.stdout).toContain(`Revision: ${after.revision} (previous ${before.revision})`);
    expect(res.stdout).toMatch(
      /^Refresh: +success, 7 loaded \(1 added, 1 updated, 0 removed\) in \d+ms$/m,
    );
    const revisions = (
      await app.t.http
        .get(`${MGMT}/plugins/mcp/sources/sample-mcp-servers/revisions`)
        .set(viewer)
        .expect(200)
    ).body.items;
    expect(revisions[0]).toMatchObject({ id: after.revision, author: CLI_USER, action: 'apply' });
  });

  it('saving the same invalid content again cancels with exit 1 and keeps the edit in its file', async () => {
    const before = await stored();
    const res = await edit('invalid-twice');
    expect(res.seen).toHaveLength(2);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error: Edit cancelled, no valid changes were saved.');
    const kept = /Your edit was not applied; it is kept in (\S+)/.exec(res.stderr)![1];
    expect(readFileSync(kept, 'utf8')).toBe(res.seen[1]);
    expect(await stored()).toEqual(before);
    rmSync(dirname(kept), { recursive: true });
  });

  it('a change made by someone else while the editor is open is not overwritten (409, exit 1)', async () => {
    const res = await edit('concurrent');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: source "sample-mcp-servers" is at revision \S+, not \S+/m);
    expect(res.stderr).toMatch(/^ {2}request id: [0-9a-f-]{36}$/m);
    expect(res.stderr).toContain('hint: the source changed since you read it; run get again');
    const kept = /it is kept in (\S+)/.exec(res.stderr)![1];
    expect(readFileSync(kept, 'utf8')).toContain('toolCount: 55');
    // The other change is what is stored.
    const after = await stored();
    expect(after.rawYaml).toContain('promptCount: 77');
    expect(after.rawYaml).not.toContain('toolCount: 55');
    rmSync(dirname(kept), { recursive: true });
  });

  it('a critical edit needs --yes when there is no terminal to ask on', async () => {
    const before = await stored();
    const refused = await edit('shrink');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: critical change: removes');
    expect(refused.stderr).toContain('hint: this is a critical change; re-run with --yes');
    expect(await stored()).toEqual(before);
    rmSync(dirname(/it is kept in (\S+)/.exec(refused.stderr)![1]), { recursive: true });

    const confirmed = await edit('shrink', ['--yes']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/^ {2}critical: removes \d+ of \d+ entities/m);
    expect(confirmed.stdout).toMatch(
      /^Refresh: +success, 1 loaded \(0 added, \d updated, 6 removed\)/m,
    );
  });
});
