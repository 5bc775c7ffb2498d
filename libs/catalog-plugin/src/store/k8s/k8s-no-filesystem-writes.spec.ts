import { createHash } from 'node:crypto';
import { FileConfigStore } from '../file-config-store';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  K8sStoreHarness,
  MCP,
  MODEL,
  SCOPES,
  eventually,
} from '../../../../../test/k8s/k8s-store-harness';

// The module objects themselves (what `import { writeFile } from 'node:fs/promises'` compiles to
// read from at call time), not an `import * as` namespace copy: wrapping a copy would see nothing.
const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
const fsp = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');

/** Every public fs entry point that can create, change or remove something on disk. */
const WRITE_APIS = {
  fs: [
    'writeFile',
    'writeFileSync',
    'appendFile',
    'appendFileSync',
    'createWriteStream',
    'write',
    'writeSync',
    'writev',
    'writevSync',
    'mkdir',
    'mkdirSync',
    'mkdtemp',
    'mkdtempSync',
    'rename',
    'renameSync',
    'rm',
    'rmSync',
    'rmdir',
    'rmdirSync',
    'unlink',
    'unlinkSync',
    'copyFile',
    'copyFileSync',
    'cp',
    'cpSync',
    'symlink',
    'symlinkSync',
    'link',
    'linkSync',
    'truncate',
    'truncateSync',
    'ftruncate',
    'ftruncateSync',
    'chmod',
    'chmodSync',
    'chown',
    'chownSync',
    'utimes',
    'utimesSync',
    'fsync',
    'fsyncSync',
  ],
  fsp: [
    'writeFile',
    'appendFile',
    'mkdir',
    'mkdtemp',
    'rename',
    'rm',
    'rmdir',
    'unlink',
    'copyFile',
    'cp',
    'symlink',
    'link',
    'truncate',
    'chmod',
    'chown',
    'utimes',
  ],
} as const;

/** `open` is a write when its flags are. */
const WRITE_FLAGS = /[wa+]/;

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Wraps every write entry point of `fs` and `fs/promises` (calling through) and records each
 * call. Returns the function that restores them.
 */
function recordWrites(calls: string[]): () => void {
  const restores: Array<() => void> = [];
  const wrap = (
    module: object,
    label: string,
    name: string,
    isWrite: (args: unknown[]) => boolean,
  ) => {
    const functions = module as Record<string, AnyFunction>;
    const original = functions[name];
    if (typeof original !== 'function') return;
    const spy = jest.spyOn(functions, name).mockImplementation((...args: unknown[]) => {
      if (isWrite(args)) calls.push(`${label}.${name}(${String(args[0])})`);
      return original.apply(module, args);
    });
    restores.push(() => spy.mockRestore());
  };
  for (const name of WRITE_APIS.fs) wrap(fs, 'fs', name, () => true);
  for (const name of WRITE_APIS.fsp) wrap(fsp, 'fs/promises', name, () => true);
  const opensForWriting = (args: unknown[]) =>
    typeof args[1] === 'string'
      ? WRITE_FLAGS.test(args[1])
      : typeof args[1] === 'number' && args[1] !== fs.constants.O_RDONLY;
  wrap(fs, 'fs', 'open', opensForWriting);
  wrap(fs, 'fs', 'openSync', opensForWriting);
  wrap(fsp, 'fs/promises', 'open', opensForWriting);
  return () => restores.forEach((restore) => restore());
}

/** Path → sha256 of every file under `root` (plus the directory list), to detect any change. */
function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const key = relative(root, path);
      if (entry.isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(path);
      } else {
        const stat = fs.statSync(path);
        out[key] =
          `${createHash('sha256').update(fs.readFileSync(path)).digest('hex')} ${stat.mtimeMs}`;
      }
    }
  };
  walk(root);
  return out;
}

describe('K8sConfigMapStore never writes to the filesystem', () => {
  const cwd = process.cwd();
  let h: K8sStoreHarness;
  let emptyCwd: string;
  let restore: () => void = () => undefined;

  beforeEach(async () => {
    // Warm up: every module the scenario needs is loaded (and transformed by jest) beforehand.
    const warm = await K8sStoreHarness.start();
    try {
      const store = warm.newStore();
      await store.load(SCOPES);
      store.watch(() => undefined);
      await eventually(() => warm.server.openWatches === 1);
      await store.applySource(
        MCP,
        'warm',
        { source: { id: 'warm', name: 'w', type: 'yaml' }, rawYaml: 'w\n' },
        { author: 'w' },
      );
    } finally {
      await warm.close();
    }
    h = await K8sStoreHarness.start();
    emptyCwd = fs.mkdtempSync(join(tmpdir(), 'catalog-k8s-cwd-'));
  });

  afterEach(async () => {
    restore();
    process.chdir(cwd);
    fs.rmSync(emptyCwd, { recursive: true, force: true });
    await h.close();
  });

  it('a full scenario (bootstrap, writes, rollback, delete, watch, restart) makes no fs write call and changes no file', async () => {
    const configBefore = fingerprint(h.config.root);
    const calls: string[] = [];
    process.chdir(emptyCwd);
    restore = recordWrites(calls);

    const store = h.newStore();
    await store.load(SCOPES);
    const events: unknown[] = [];
    store.watch((e) => events.push(e));
    await eventually(() => h.server.openWatches === 1);
    const source = { id: 'team', name: 'Team', type: 'yaml' };
    const first = await store.applySource(
      MCP,
      'team',
      { source, rawYaml: '# v1\n' },
      { author: 'a' },
    );
    await store.applySource(MCP, 'team', { rawYaml: '# v2\n' }, { author: 'a' });
    await store.setEnabled(MODEL, 'dev-validated', false, { author: 'a' });
    await store.rollback(MCP, 'team', first.appliedRevision, { author: 'a' });
    await store.deleteSource(MODEL, 'dev-community', { author: 'a' });
    await h
      .newStore()
      .applySource(
        MCP,
        'other',
        { source: { ...source, id: 'other' }, rawYaml: 'x\n' },
        { author: 'b' },
      );
    await eventually(() => events.length > 0);
    const view = await h.newStore().load(SCOPES);
    const team = view.config.catalogs.mcp.sources.find((s) => s.id === 'team')!;
    expect(await store.readContent('team.yaml', team.origin)).toBe('# v1\n');
    await store.ping();
    await store.close();

    restore();
    restore = () => undefined;
    expect(calls).toEqual([]);
    expect(fs.readdirSync(emptyCwd)).toEqual([]);
    expect(fingerprint(h.config.root)).toEqual(configBefore);
  });

  it('the check is live: the same wrapping records the writes of library code (the file store)', async () => {
    const calls: string[] = [];
    restore = recordWrites(calls);
    const fileStore = new FileConfigStore({
      root: h.config.root,
      paths: [h.config.path('sources.yaml')],
    });
    await fileStore.applySource(
      MCP,
      'team',
      { source: { id: 'team', name: 'Team', type: 'yaml' }, rawYaml: 'x\n' },
      { author: 'a' },
    );
    await fileStore.close();
    restore();
    restore = () => undefined;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.some((c) => c.includes(h.config.root))).toBe(true);
  });
});
