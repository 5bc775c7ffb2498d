import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { MGMT, viewer } from '../support/management-api';
import { linesWiderThan } from './support/catalogctl-binary';
import { CLI_USER, CliTestApp, startCliTestApp } from './support/cli-test-app';

/**
 * Acceptance 1 and 3 of the catalogctl issue: the real CLI binary (child process) against a
 * real app with real PostgreSQL and a copy of the shipped config/.
 */
describe('catalogctl: the operator loop against a running server', () => {
  let app: CliTestApp;
  let work: string;
  const operator = { CATALOG_ROLE: 'operator' };
  const SOURCE = ['mcp', 'sample-mcp-servers'];

  beforeAll(async () => {
    app = await startCliTestApp();
    work = mkdtempSync(join(tmpdir(), 'catalogctl-work-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const file = (name: string) => join(work, name);
  const shippedContent = () => readFileSync(app.t.config.path('mcp/mcp-servers.yaml'), 'utf8');
  const entityCount = async () =>
    (await app.t.http.get(`${MGMT}/plugins/mcp/sources`).set(viewer).expect(200)).body.items[0]
      .status.entityCount as number;

  it('list, get, validate, apply with refresh, revisions, rollback, refresh all, delete --yes', async () => {
    // list
    const list = await app.run(['sources', 'list', 'mcp']);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/^ID\s+ENABLED\s+STATE\s+ENTITIES\s+LAST REFRESH\s+AGE$/m);
    expect(list.stdout).toMatch(/^sample-mcp-servers\s+yes\s+available\s+6\s+success\s+\d+s$/m);

    // get: the human view shows the revision; --raw round-trips the stored bytes exactly
    const get = await app.run(['sources', 'get', ...SOURCE]);
    expect(get.code).toBe(0);
    const initialRevision = /^Revision:\s+(\S+)$/m.exec(get.stdout)![1];
    expect(get.stdout).toContain('yamlCatalogPath: mcp/mcp-servers.yaml');
    const raw = await app.run(['sources', 'get', ...SOURCE, '--raw']);
    expect(raw.code).toBe(0);
    expect(raw.stdout).toBe(shippedContent());
    writeFileSync(file('servers.yaml'), raw.stdout);

    // edit the file: an unknown field → validate reports it with its line, under its layer
    const lines = raw.stdout.split('\n');
    const badLine = lines.findIndex((l) => l.includes('toolCount:'));
    lines[badLine] = lines[badLine].replace('toolCount:', 'toolCont:');
    writeFileSync(file('invalid.yaml'), lines.join('\n'));
    const invalid = await app.run(['sources', 'validate', ...SOURCE, '-f', file('invalid.yaml')], {
      env: operator,
    });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^Invalid: 1 error, 0 warnings\.$/m);
    expect(invalid.stdout).toMatch(
      new RegExp(
        `^  provider +failed\\n    error +line ${badLine + 1}:5  mcpservers\\[0\\]\\.toolCont: unknown field$`,
        'm',
      ),
    );
    expect(invalid.stdout).toMatch(/^ {2}yaml_parse +passed$/m);

    // a valid edit: one server changed, one added
    const edited =
      raw.stdout.replace(/toolCount: \d+/, 'toolCount: 99') +
      '  - name: "cli-added-server"\n' +
      '    description: "Added through catalogctl"\n' +
      '    serverUrl: "https://cli-added.example.com/mcp"\n';
    writeFileSync(file('valid.yaml'), edited);
    const valid = await app.run(['sources', 'validate', ...SOURCE, '-f', file('valid.yaml')], {
      env: operator,
    });
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^Valid: 0 errors, 0 warnings\.$/m);
    // validate wrote nothing
    expect(shippedContent()).toBe(raw.stdout);

    // apply with refresh: diff, revision, refresh counts
    const apply = await app.run(['sources', 'apply', ...SOURCE, '-f', file('valid.yaml')], {
      env: operator,
    });
    expect(apply).toMatchObject({ code: 0, stderr: '' });
    expect(apply.stdout).toContain('entities: 1 added, 1 changed, 0 removed, 5 unchanged');
    expect(apply.stdout).toContain('      + cli-added-server');
    expect(apply.stdout).toContain('Applied mcp/sample-mcp-servers.');
    const appliedRevision = new RegExp(
      `^Revision: (\\S+) \\(previous ${initialRevision}\\)$`,
      'm',
    ).exec(apply.stdout)![1];
    expect(apply.stdout).toMatch(
      /^Refresh: +success, 7 loaded \(1 added, 1 updated, 0 removed\) in \d+ms$/m,
    );
    expect(shippedContent()).toBe(edited);
    expect(await entityCount()).toBe(7);

    // revisions: newest first, recorded under the CLI user's name
    const revisions = await app.run(['sources', 'revisions', ...SOURCE]);
    expect(revisions.code).toBe(0);
    const rows = revisions.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^REVISION\s+CREATED\s+AUTHOR\s+ACTION\s+SIZE$/);
    expect(rows[1]).toMatch(new RegExp(`^${appliedRevision}\\s+\\S+Z\\s+${CLI_USER}\\s+apply\\s`));
    expect(rows[2]).toMatch(new RegExp(`^${initialRevision}\\s`));

    // rollback: the counts go back
    const rollback = await app.run(['sources', 'rollback', ...SOURCE, initialRevision], {
      env: operator,
    });
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`Rolled back mcp/sample-mcp-servers to ${initialRevision}.`);
    expect(rollback.stdout).toMatch(
      /^Refresh: +success, 6 loaded \(0 added, 1 updated, 1 removed\) in \d+ms$/m,
    );
    expect(shippedContent()).toBe(raw.stdout);
    expect(await entityCount()).toBe(6);

    // refresh all sources of a plugin: the summary table
    const refresh = await app.run(['refresh', 'model'], { env: operator });
    expect(refresh).toMatchObject({ code: 0, stderr: '' });
    const refreshRows = refresh.stdout.split('\n');
    expect(refreshRows[0]).toMatch(
      /^SOURCE\s+STATUS\s+LOADED\s+ADDED\s+UPDATED\s+REMOVED\s+DURATION$/,
    );
    for (const [id, count] of [
      ['dev-community', 5],
      ['dev-organization', 6],
      ['dev-validated', 5],
      ['huggingface-sample', 1],
      ['red-hat-sample', 3],
    ] as const) {
      expect(refresh.stdout).toMatch(
        new RegExp(`^${id}\\s+success\\s+${count}\\s+0\\s+0\\s+0\\s+\\d+ms$`, 'm'),
      );
    }
    expect(refresh.stdout).toMatch(/^5 sources refreshed in \d+ms: 5 succeeded, 0 failed\.$/m);
    expect(refresh.stdout).toMatch(/^20 entities loaded: 0 added, 0 updated, 0 removed\.$/m);

    // delete: refused without --yes when nobody can be asked, done with --yes
    const refused = await app.run(['sources', 'delete', ...SOURCE], { env: operator });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: refusing to delete mcp/sample-mcp-servers');
    expect(refused.stderr).toContain(
      'hint: no terminal to ask for confirmation on; re-run with --yes',
    );
    expect(await entityCount()).toBe(6);

    const deleted = await app.run(['sources', 'delete', ...SOURCE, '--yes'], { env: operator });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/^Deleted mcp\/sample-mcp-servers: 6 entities removed/m);
    expect(deleted.stdout).toContain(
      `Undo with: catalogctl sources rollback mcp sample-mcp-servers ${initialRevision}`,
    );
    const after = await app.run(['sources', 'list', 'mcp', '-o', 'json']);
    expect(JSON.parse(after.stdout)).toEqual({ items: [], size: 0 });
    const gone = await app.run(['sources', 'get', ...SOURCE]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^error: .*sample-mcp-servers.*$/m);
    expect(gone.stderr).toContain('hint: see `catalogctl plugins list`');
  });

  it('JSON output parses, is the API response, and is the same for the same state', async () => {
    const commands = [
      ['plugins', 'list'],
      ['sources', 'list', 'model'],
      ['sources', 'get', 'model', 'dev-community'],
      ['sources', 'revisions', 'model', 'dev-community'],
      ['diagnostics', 'model'],
      ['diagnostics', 'model', 'dev-validated'],
    ];
    // Independent reads: run them side by side to keep the suite quick.
    await Promise.all(
      commands.map(async (command) => {
        const first = await app.run([...command, '-o', 'json']);
        const second = await app.run(['-o', 'json', ...command]); // global flag before or after
        expect([command, first.code, second.code]).toEqual([command, 0, 0]);
        // No refresh runs in between, so even the timestamps are equal: byte-identical output.
        expect(second.stdout).toBe(first.stdout);
        const parsed: unknown = JSON.parse(first.stdout);
        // YAML output is the same document.
        const yaml = await app.run([...command, '-o', 'yaml']);
        expect(load(yaml.stdout)).toEqual(parsed);
      }),
    );
    const plugins = JSON.parse((await app.run(['plugins', 'list', '-o', 'json'])).stdout);
    const viaHttp = (await app.t.http.get(`${MGMT}/plugins`).set(viewer).expect(200)).body;
    expect(plugins).toEqual(viaHttp);
    const sources = JSON.parse((await app.run(['sources', 'list', 'model', '-o', 'json'])).stdout);
    expect(sources.items.map((s: { id: string }) => s.id)).toEqual([
      'dev-community',
      'dev-organization',
      'dev-validated',
      'huggingface-sample',
      'red-hat-sample',
    ]);
  });

  it('table output of the shipped sample data fits 80 columns (long text cut with …)', async () => {
    const outputs: string[] = [];
    for (const command of [
      ['plugins', 'list'],
      ['sources', 'list', 'model'],
      ['sources', 'revisions', 'model', 'dev-community'],
      ['diagnostics', 'model'],
      ['diagnostics', 'model', 'dev-community'],
      ['--role', 'operator', 'sources', 'disable', 'model', 'red-hat-sample'],
      ['--role', 'operator', 'sources', 'enable', 'model', 'red-hat-sample'],
      ['--role', 'operator', 'refresh', 'model', 'dev-validated'],
    ]) {
      const res = await app.run(command);
      expect([command, res.code, res.stderr]).toEqual([command, 0, '']);
      expect([command, linesWiderThan(res.stdout)]).toEqual([command, []]);
      outputs.push(res.stdout);
    }
    // The model plugin's description is longer than its column: cut, not wrapped.
    expect(outputs[0]).toMatch(/^model\s+v1alpha1\s+yes\s+5\/5\s+Catalog of machine-learning.*…$/m);
    // The header part of `sources get` fits too (the content below it is the user's document).
    const get = await app.run(['sources', 'get', 'model', 'dev-community']);
    const header = get.stdout.slice(0, get.stdout.indexOf('\nContent:\n'));
    expect(linesWiderThan(header)).toEqual([]);
  });
});
