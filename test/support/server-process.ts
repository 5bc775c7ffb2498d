import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './config-dir';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

export const SERVER_ENTRY = join(REPO_ROOT, 'apps', 'catalog-server', 'src', 'main.ts');

/** Runs the real server entry point (TypeScript through SWC) as a child process. */
export function spawnServer(env: Record<string, string>, entry = SERVER_ENTRY): ServerProcess {
  let out = '';
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    url: `http://127.0.0.1:${env.PORT ?? '8080'}`,
    output: () => out,
    exited,
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}

/** Polls `path` until it answers `status` (default 200), the process exits, or time runs out. */
export async function waitForHttp(
  server: ServerProcess,
  path = '/api/plugins',
  timeoutMs = 60_000,
  status = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void server.exited.then((c) => (exitedWith = c));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined)
      throw new Error(`server exited (${exitedWith}) before ${path} answered:\n${server.output()}`);
    try {
      const res = await fetch(server.url + path);
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${path}:\n${server.output()}`);
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}
