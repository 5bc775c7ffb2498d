import { FSWatcher, existsSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { sha256Hex } from './source-revision';

/** Hash of a file's bytes, or MISSING_FILE when it does not exist. */
export const MISSING_FILE = 'missing';

export async function fileFingerprint(path: string): Promise<string> {
  try {
    return sha256Hex(await readFile(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return MISSING_FILE;
    throw err;
  }
}

export interface FileStoreWatcherOptions {
  root: string;
  debounceMs?: number;
  /** What this process last wrote or read for a path (so its own writes are not reported). */
  knownFingerprint(path: string): string | undefined;
  onChange(paths: string[]): void;
  onError?(err: unknown): void;
}

/**
 * Watches the files the store serves (the sources files and the content files they point at) for
 * changes made outside this process. It watches their directories, not the whole root
 * recursively: recursive fs.watch is not available everywhere (and was unreliable on Linux in
 * early Node 20), and the root may hold busy directories (`.history`, an embedded database).
 * Events are debounced; a path is reported only when its bytes differ from what the store last
 * wrote or read, which filters out the store's own writes, temp files, the lock and the journal.
 */
export class FileStoreWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private targets = new Set<string>();
  private pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly debounceMs: number;

  constructor(private readonly options: FileStoreWatcherOptions) {
    this.debounceMs = options.debounceMs ?? 250;
  }

  /** Replaces the set of watched files (absolute paths inside the root). */
  setTargets(paths: Iterable<string>): void {
    if (this.closed) return;
    this.targets = new Set([...paths].map((p) => resolve(p)));
    const dirs = new Set([...this.targets].map((p) => this.watchableDir(dirname(p))));
    for (const [dir, watcher] of this.watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of dirs) if (!this.watchers.has(dir)) this.watchDir(dir);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /** A missing directory cannot be watched: watch its nearest existing ancestor inside the root. */
  private watchableDir(dir: string): string {
    const root = resolve(this.options.root);
    let current = dir;
    while (!existsSync(current) && current !== root && relative(root, current) !== '') {
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
    return current;
  }

  private watchDir(dir: string): void {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, filename) =>
        this.onEvent(dir, filename),
      );
    } catch (err) {
      this.options.onError?.(err);
      return;
    }
    watcher.on('error', (err) => {
      // The directory went away (or the handle broke): drop it; the next setTargets re-adds it.
      watcher.close();
      this.watchers.delete(dir);
      this.options.onError?.(err);
      this.schedule(this.targetsUnder(dir));
    });
    this.watchers.set(dir, watcher);
  }

  private onEvent(dir: string, filename: string | Buffer | null): void {
    if (this.closed) return;
    if (!filename) {
      this.schedule(this.targetsUnder(dir));
      return;
    }
    const path = join(dir, filename.toString());
    if (this.targets.has(path)) this.schedule([path]);
    else {
      // A directory on the way to a missing target appeared: re-check those targets.
      const under = this.targetsUnder(path);
      if (under.length) this.schedule(under);
    }
  }

  private targetsUnder(dir: string): string[] {
    return [...this.targets].filter((t) => {
      const rel = relative(dir, t);
      return rel !== '' && !rel.startsWith('..');
    });
  }

  private schedule(paths: string[]): void {
    if (paths.length === 0) return;
    for (const p of paths) this.pending.add(p);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const paths = [...this.pending].sort();
    this.pending.clear();
    const changed: string[] = [];
    for (const path of paths) {
      try {
        const fingerprint = await fileFingerprint(path);
        if (fingerprint !== this.options.knownFingerprint(path)) changed.push(path);
      } catch (err) {
        this.options.onError?.(err);
        changed.push(path);
      }
    }
    if (this.closed || changed.length === 0) return;
    // Missing directories may have been created; watch them directly from now on.
    this.setTargets(this.targets);
    this.options.onChange(changed);
  }
}
