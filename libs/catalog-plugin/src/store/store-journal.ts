import { readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  ensureDirectory,
  fsyncDirectory,
  isTempFile,
  tempPathFor,
  writeFileAtomic,
  writeFileDurably,
} from './atomic-file-writer';
import { resolveInsideRoot } from './store-paths';

/** One file a commit replaces. */
export interface JournalFileWrite {
  target: string;
  data: string;
}

interface JournalRecord {
  version: 1;
  /** prepare: temps may be partial, discard them. commit: every temp is complete, rename them. */
  phase: 'prepare' | 'commit';
  /** Paths relative to the store root. */
  writes: Array<{ temp: string; target: string }>;
}

export type JournalRecovery = 'clean' | 'rolled-forward' | 'discarded';

export const JOURNAL_FILE = '.catalog-store.journal';

const STRAY_TEMP_AGE_MS = 60_000;

/**
 * A small redo journal that makes a multi-file write all-or-nothing (a sources.yaml entry and the
 * content it points at, plus history). Commit: record the temp names (prepare) → write and fsync
 * every temp → mark the record committed → rename each temp over its target → delete the record.
 * After a crash, `recover()` finishes a committed write (every temp is complete, so renaming them
 * is safe to repeat) or deletes the temps of an uncommitted one. Must run under the store lock.
 */
export class StoreJournal {
  readonly path: string;

  constructor(private readonly root: string) {
    this.path = join(root, JOURNAL_FILE);
  }

  async commit(files: readonly JournalFileWrite[]): Promise<void> {
    if (files.length === 0) return;
    const writes = files.map((f) => ({ ...f, temp: tempPathFor(f.target) }));
    const record = (phase: JournalRecord['phase']): JournalRecord => ({
      version: 1,
      phase,
      writes: writes.map((w) => ({ temp: this.rel(w.temp), target: this.rel(w.target) })),
    });
    await writeFileAtomic(this.path, JSON.stringify(record('prepare')));
    for (const w of writes) {
      await ensureDirectory(dirname(w.target));
      await writeFileDurably(w.temp, w.data);
    }
    await writeFileAtomic(this.path, JSON.stringify(record('commit')));
    await this.renameAll(writes);
    await unlink(this.path);
    await fsyncDirectory(this.root);
  }

  /** Completes or discards a write interrupted by a crash. */
  async recover(): Promise<JournalRecovery> {
    await this.sweepStrayTemps();
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'clean';
      throw err;
    }
    // The record itself is written atomically, so it is either absent or complete.
    const record = JSON.parse(text) as JournalRecord;
    const writes = record.writes.map((w) => ({
      temp: resolveInsideRoot(this.root, w.temp),
      target: resolveInsideRoot(this.root, w.target),
    }));
    let outcome: JournalRecovery;
    if (record.phase === 'commit') {
      await this.renameAll(writes);
      outcome = 'rolled-forward';
    } else {
      for (const w of writes) await unlink(w.temp).catch(ignoreMissing);
      outcome = 'discarded';
    }
    await unlink(this.path);
    await fsyncDirectory(this.root);
    return outcome;
  }

  /**
   * A crash while writing the journal record itself or a lock file leaves a hidden temp in the root
   * (`.catalog-store.*.catalog-tmp`). Remove old ones; young ones may belong to a live waiter.
   */
  private async sweepStrayTemps(): Promise<void> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith('.catalog-store.') || !isTempFile(name)) continue;
      const path = join(this.root, name);
      const info = await stat(path).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > STRAY_TEMP_AGE_MS)
        await unlink(path).catch(() => undefined);
    }
  }

  private async renameAll(writes: ReadonlyArray<{ temp: string; target: string }>): Promise<void> {
    const dirs = new Set<string>();
    for (const w of writes) {
      // A temp already renamed by an earlier (interrupted) recovery is gone: nothing to redo.
      if (!(await exists(w.temp))) continue;
      await rename(w.temp, w.target);
      dirs.add(dirname(w.target));
    }
    for (const dir of dirs) await fsyncDirectory(dir);
  }

  private rel(path: string): string {
    return relative(resolve(this.root), path);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}
