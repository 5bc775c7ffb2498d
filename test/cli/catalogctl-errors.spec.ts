import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfigDir } from '../support/config-dir';
import { MGMT, viewer } from '../support/management-api';
import { freePort } from '../support/server-process';
import { CliTestApp, startCliTestApp } from './support/cli-test-app';

const REQUEST_ID_LINE = /^ {2}request id: [0-9a-f-]{36}$/m;
const SOURCE = ['mcp', 'sample-mcp-servers'];
const operator = { CATALOG_ROLE: 'operator' };

describe('catalogctl exit codes and hints', () => {
  let app: CliTestApp;
  let work: string;

  beforeAll(async () => {
    // A long refresh interval makes the second refresh a certain 429.
    app = await startCliTestApp({ env: { CATALOG_REFRESH_MIN_INTERVAL_S: '3600' } });
    work = mkdtempSync(join(tmpdir(), 'catalogctl-errors-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const file = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };
  const content = () => readFileSync(app.t.config.path('mcp/mcp-servers.yaml'), 'utf8');
  const current = async () =>
    (await app.t.http.get(`${MGMT}/plugins/mcp/sources/sample-mcp-servers`).set(viewer)).body as {
      rawYaml: string;
      revision: string;
    };

  describe('2: usage errors never reach the server', () => {
    // Pointed at a closed port: had the CLI sent anything, it would exit 3, not 2.
    let closedPort: number;
    beforeAll(async () => {
      closedPort = await freePort();
    });

    it.each([
      [[], 'Usage: catalogctl'],
      [['bogus'], "error: unknown command 'bogus'"],
      [['sources', 'get', 'mcp'], "error: missing required argument 'id'"],
      [['-o', 'xml', 'plugins', 'list'], "argument 'xml' is invalid. Allowed choices are table"],
      [['--role', 'admin', 'plugins', 'list'], "argument 'admin' is invalid"],
      [['--timeout', 'soon', 'plugins', 'list'], 'expected a number of seconds greater than 0'],
      [['sources', 'apply', 'mcp', 'x'], 'error: nothing to send: give -f <file.yaml>'],
      [['sources', 'apply', 'mcp', 'x', '-f', '/no/such/file.yaml'], 'error: cannot read -f'],
      [['--server', 'not a url', 'plugins', 'list'], 'error: --server not a url is not a URL'],
    ])('%j → exit 2', async (args, message) => {
      const res = await app.cli.run(args, {
        env: { CATALOG_SERVER: `http://127.0.0.1:${closedPort}` },
      });
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(message);
    });

    it('--help and --version exit 0 on stdout', async () => {
      const help = await app.cli.run(['sources', 'apply', '--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toContain('Usage: catalogctl sources apply [options] <plugin> <id>');
      expect(help.stdout).toContain('--no-refresh');
      const version = await app.cli.run(['--version']);
      const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
      expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    });
  });

  describe('1: refused by the server (4xx), with the message, request id and a hint', () => {
    it('403 without the operator role', async () => {
      const res = await app.run(['sources', 'validate', ...SOURCE, '-f', file('same.yaml', '')]);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(
        /^error: POST \S+:validate needs the operator role; cli-tester is a viewer$/m,
      );
      expect(res.stderr).toMatch(REQUEST_ID_LINE);
      expect(res.stderr).toContain(
        'hint: this needs the operator role: pass --role operator (header mode) or use an operator token',
      );
    });

    it('404 for an unknown plugin or source', async () => {
      const res = await app.run(['sources', 'list', 'nope']);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^error: .*nope/m);
      expect(res.stderr).toMatch(REQUEST_ID_LINE);
      expect(res.stderr).toContain('hint: see `catalogctl plugins list`');
    });

    it('409 when the source is no longer at --expected-revision; nothing is written', async () => {
      const before = await current();
      const edited = file('edited.yaml', before.rawYaml.replace(/toolCount: \d+/, 'toolCount: 7'));
      const res = await app.run(
        ['sources', 'apply', ...SOURCE, '-f', edited, '--expected-revision', 'stale0000'],
        { env: operator },
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(
        `error: source "sample-mcp-servers" is at revision ${before.revision}, not stale0000: it changed since you read it`,
      );
      expect(res.stderr).toContain(`  current revision: ${before.revision}`);
      expect(res.stderr).toMatch(REQUEST_ID_LINE);
      expect(res.stderr).toContain('hint: the source changed since you read it; run get again');
      expect(await current()).toEqual(before);
    });

    it('422 for an invalid apply: the errors by layer with line numbers; nothing is written', async () => {
      const before = await current();
      const res = await app.run(
        ['sources', 'apply', ...SOURCE, '-f', file('bad.yaml', 'mcpservers:\n  - name: x\n')],
        { env: operator },
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('error: the edit is invalid: 1 error; nothing was written');
      expect(res.stderr).toMatch(
        /^ {4}provider +failed\n {6}error +line 2:5 {2}mcpservers\[0\]\.serverUrl: required field is missing$/m,
      );
      expect(res.stderr).toMatch(REQUEST_ID_LINE);
      expect(res.stderr).toContain('hint: the edit is invalid and nothing was written');
      expect(await current()).toEqual(before);
    });

    it('428 for a critical change without --yes (no TTY to ask on); --dry-run shows it; --yes applies it', async () => {
      const before = await current();
      const shrunk = file(
        'shrunk.yaml',
        before.rawYaml.split('\n  - name:').slice(0, 2).join('\n  - name:').trimEnd() + '\n',
      );
      const refused = await app.run(['sources', 'apply', ...SOURCE, '-f', shrunk], {
        env: operator,
      });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('error: critical change: removes 5 of 6 entities');
      expect(refused.stderr).toMatch(/^ {4}entities: 0 added, 0 changed, 5 removed, 1 unchanged$/m);
      expect(refused.stderr).toMatch(REQUEST_ID_LINE);
      expect(refused.stderr).toContain(
        'hint: this is a critical change; re-run with --yes to confirm it',
      );
      expect(await current()).toEqual(before);

      const dryRun = await app.run(['sources', 'apply', ...SOURCE, '-f', shrunk, '--dry-run'], {
        env: operator,
      });
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toContain('  critical: removes 5 of 6 entities');
      expect(dryRun.stdout).toContain(
        'Dry run: nothing was written. Applying this critical change needs confirmation (--yes).',
      );
      expect(await current()).toEqual(before);

      const confirmed = await app.run(['sources', 'apply', ...SOURCE, '-f', shrunk, '--yes'], {
        env: operator,
      });
      expect(confirmed.code).toBe(0);
      expect(confirmed.stdout).toMatch(
        /^Refresh: +success, 1 loaded \(0 added, 0 updated, 5 removed\)/m,
      );
      expect(content()).toBe(readFileSync(shrunk, 'utf8'));

      // put the sample back for the tests below
      const restore = await app.run(
        ['sources', 'apply', ...SOURCE, '-f', file('restore.yaml', before.rawYaml)],
        { env: operator },
      );
      expect(restore.code).toBe(0);
    });

    it('429 for a refresh inside the minimum interval, with Retry-After', async () => {
      const first = await app.run(['refresh', ...SOURCE], { env: operator });
      expect(first.code).toBe(0);
      const second = await app.run(['refresh', ...SOURCE], { env: operator });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        /^error: source "sample-mcp-servers" was refreshed less than 3600s ago/m,
      );
      expect(second.stderr).toMatch(REQUEST_ID_LINE);
      const seconds = /hint: refreshed too recently; retry in (\d+)s \(Retry-After: (\d+)\)/.exec(
        second.stderr,
      );
      expect(seconds).not.toBeNull();
      expect(Number(seconds![1])).toBeGreaterThan(3500);
      expect(seconds![2]).toBe(seconds![1]);
    });

    it('1 for a validation report that is invalid (exit code and report both)', async () => {
      const res = await app.run(
        [
          'sources',
          'validate',
          ...SOURCE,
          '-f',
          file('bad2.yaml', 'mcpservers: 3\n'),
          '-o',
          'json',
        ],
        { env: operator },
      );
      expect(res.code).toBe(1);
      expect(JSON.parse(res.stdout)).toMatchObject({ valid: false });
    });
  });

  describe('1 also when a refresh reports a failed source', () => {
    it('the summary table shows the error and its line; exit 1', async () => {
      const path = app.t.config.path('mcp/mcp-servers.yaml');
      const original = readFileSync(path, 'utf8');
      // Broken behind the server's back (a hand edit): the next refresh fails, keeps the old rows.
      writeFileSync(path, 'mcpservers:\n  - name: x\n');
      try {
        const res = await app.run(['refresh', 'mcp'], { env: operator });
        expect(res.code).toBe(1);
        expect(res.stdout).toMatch(/^sample-mcp-servers\s+error\s+6\s+0\s+0\s+0\s+\d+ms$/m);
        expect(res.stdout).toMatch(
          /^ {2}error {2}line 2:5 {2}mcpservers\[0\]\.serverUrl: required field is missing$/m,
        );
        expect(res.stdout).toMatch(/^1 source refreshed in \d+ms: 0 succeeded, 1 failed\.$/m);
      } finally {
        writeFileSync(path, original);
      }
    });
  });

  describe('3: server and network failures', () => {
    let stub: Server;
    let stubUrl: string;
    beforeAll(async () => {
      // The real app cannot be made to fail on demand; a stub stands in for a broken server or
      // proxy. It answers by path: a 500 in the API's error shape, a proxy's HTML 502, or never.
      stub = createServer((req, res) => {
        if (req.url?.endsWith('/plugins')) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              code: 'INTERNAL',
              message: 'internal error',
              details: [],
              requestId: req.headers['x-request-id'],
            }),
          );
        } else if (req.url?.includes('/sources')) {
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html><body>Bad Gateway</body></html>');
        }
        // anything else: never answered
      });
      await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
      stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      stub.closeAllConnections();
      await new Promise((resolve) => stub.close(resolve));
    });

    it('connection refused', async () => {
      const port = await freePort();
      const res = await app.cli.run(['plugins', 'list'], {
        env: { CATALOG_SERVER: `http://127.0.0.1:${port}` },
      });
      expect(res.code).toBe(3);
      expect(res.stderr).toContain(
        `error: cannot reach http://127.0.0.1:${port}/api/catalog-management/v1alpha1/plugins: connect ECONNREFUSED`,
      );
      expect(res.stderr).toContain(
        'hint: is the server running? point --server or CATALOG_SERVER at it',
      );
    });

    it('a 500 in the error shape: message and request id as sent', async () => {
      const res = await app.cli.run(['plugins', 'list'], { env: { CATALOG_SERVER: stubUrl } });
      expect(res.code).toBe(3);
      expect(res.stderr).toMatch(/^error: internal error\n {2}request id: [0-9a-f-]{36}\n/);
      expect(res.stderr).toContain('hint: the server failed; look for the request id in its logs');
    });

    it('a non-JSON 502 from a proxy', async () => {
      const res = await app.cli.run(['sources', 'list', 'mcp'], {
        env: { CATALOG_SERVER: stubUrl },
      });
      expect(res.code).toBe(3);
      expect(res.stderr).toContain(
        'error: 502 Bad Gateway: text/html: <html><body>Bad Gateway</body></html>',
      );
    });

    it('no answer within --timeout', async () => {
      const started = Date.now();
      const res = await app.cli.run(['--timeout', '1', 'diagnostics', 'mcp'], {
        env: { CATALOG_SERVER: stubUrl },
      });
      expect(res.code).toBe(3);
      expect(res.stderr).toContain(
        `error: no answer from ${stubUrl}/api/catalog-management/v1alpha1/plugins/mcp/diagnostics within 1s`,
      );
      expect(res.stderr).toContain('hint: the server did not answer in time; raise --timeout');
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});

describe('catalogctl against a token-mode server: 401 and 403', () => {
  let app: CliTestApp;
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');

  beforeAll(async () => {
    const config = makeConfigDir({}, { copyShipped: true });
    config.write(
      'tokens.yaml',
      `- name: ops-bot\n  role: operator\n  sha256: ${sha('op-token-1')}\n` +
        `- name: dashboard\n  role: viewer\n  sha256: ${sha('view-token-1')}\n`,
    );
    app = await startCliTestApp({
      config,
      env: { CATALOG_AUTH_MODE: 'token', CATALOG_AUTH_TOKENS_FILE: config.path('tokens.yaml') },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('401 without a token or with a wrong one: exit 1 and the --token hint', async () => {
    for (const env of [{}, { CATALOG_TOKEN: 'wrong' }] as Record<string, string>[]) {
      const res = await app.run(['plugins', 'list'], { env });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^error: (missing|invalid) bearer token/m);
      expect(res.stderr).toMatch(REQUEST_ID_LINE);
      expect(res.stderr).toContain(
        'hint: the server requires a bearer token: pass --token or set CATALOG_TOKEN',
      );
    }
  });

  it('a viewer token reads but is refused a change (403); an operator token changes', async () => {
    const list = await app.run(['--token', 'view-token-1', 'sources', 'list', 'mcp']);
    expect(list.code).toBe(0);
    const refused = await app.run(['sources', 'disable', ...SOURCE], {
      env: { CATALOG_TOKEN: 'view-token-1' },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/needs the operator role; dashboard is a viewer$/m);
    expect(refused.stderr).toContain('hint: this needs the operator role');

    const done = await app.run(['sources', 'disable', ...SOURCE], {
      env: { CATALOG_TOKEN: 'op-token-1' },
    });
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Refresh: +success, 0 loaded \(0 added, 0 updated, 6 removed\)/m);
    const revisions = JSON.parse(
      (await app.run(['--token', 'op-token-1', '-o', 'json', 'sources', 'revisions', ...SOURCE]))
        .stdout,
    );
    // Token mode records the token's name, not the CLI's --user / OS user.
    expect(revisions.items[0]).toMatchObject({ action: 'disable', author: 'ops-bot' });
  });
});
