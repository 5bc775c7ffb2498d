import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpPluginModule } from '@catalog/plugins-mcp';
import { REPO_ROOT } from '../support/config-dir';
import { contentGate, GatedMcpPluginModule } from '../support/gated-mcp-plugin';
import { freePort } from '../support/server-process';
import { startTestApp, TestApp } from '../support/test-app';

/** Runs the compiled script as Docker would; resolves with its exit code. */
function runHealthcheck(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [script, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env } },
      (_err, _out, stderr) =>
        resolve({ code: child.exitCode ?? -1, stderr, ms: Date.now() - started }),
    );
  });
}

async function listen(t: TestApp): Promise<string> {
  const port = await freePort();
  await t.app.listen(port, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

describe('dist/healthcheck.js', () => {
  let outDir: string;
  let script: string;

  beforeAll(() => {
    // Compiled with the same tsconfig `npm run build` uses, into a private directory.
    outDir = mkdtempSync(join(tmpdir(), 'catalog-healthcheck-'));
    execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), [
      '-p',
      join(REPO_ROOT, 'apps/catalog-server/tsconfig.healthcheck.json'),
      '--outDir',
      outDir,
    ]);
    script = join(outDir, 'healthcheck.js');
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('compiles to one standalone file that requires nothing but Node built-ins', () => {
    expect(existsSync(script)).toBe(true);
    const requires = [
      ...execFileSync(process.execPath, [
        '-e',
        `console.log(require('fs').readFileSync(${JSON.stringify(script)}, 'utf8'))`,
      ])
        .toString()
        .matchAll(/require\(["']([^"']+)["']\)/g),
    ];
    expect(requires.filter(([, m]) => !m.startsWith('node:'))).toEqual([]);
  });

  it('exits 0 against a ready server, also with the URL taken from PORT', async () => {
    const t = await startTestApp({ plugins: [McpPluginModule] });
    try {
      const base = await listen(t);
      expect((await runHealthcheck(script, [`${base}/readyz`])).code).toBe(0);
      expect((await runHealthcheck(script, [], { PORT: new URL(base).port })).code).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('exits 1 against a server that is not ready yet', async () => {
    contentGate.reset();
    const t = await startTestApp({ plugins: [GatedMcpPluginModule], waitForInitialLoad: false });
    try {
      await contentGate.arrived(1);
      const base = await listen(t);
      const result = await runHealthcheck(script, [`${base}/readyz`]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('answered 503');
    } finally {
      contentGate.release();
      await t.close();
    }
  });

  it('exits 1 when nothing listens', async () => {
    const result = await runHealthcheck(script, [`http://127.0.0.1:${await freePort()}/readyz`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED');
  });

  it('exits 1 within its timeout when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((r) => silent.listen(port, '127.0.0.1', r));
    try {
      const result = await runHealthcheck(script, [`http://127.0.0.1:${port}/readyz`, '500']);
      expect(result.code).toBe(1);
      // Without its timeout the script would wait forever; the bound includes a cold node start.
      expect(result.ms).toBeLessThan(5000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });
});
