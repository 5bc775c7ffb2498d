import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalFileWrite } from './store-journal';
import { SourceRevisionEntry } from './source-revision';
import { MAX_FILE_REVISIONS_PER_SOURCE } from './store-limits';

/** A history entry as stored on disk: the entry plus the sources file it lived in. */
export interface StoredRevisionRecord extends SourceRevisionEntry {
  /** The sources.yaml the entry was written to, relative to the store root (null for a delete). */
  origin: string | null;
}

export const HISTORY_DIR = '.history';

const FILE_PATTERN = /^(\d{10})-([0-9a-f]{16})\.json$/;

/**
 * Revision history of the file store: one JSON file per revision under
 * `.history/<plugin>/<sourceId>/<seq>-<revisionId>.json`, where `seq` increases with every
 * write, so newest-first is a descending name sort. New entries are written through the store's
 * journal (same commit as the change they record); only the newest `keep` are kept.
 * Plugin names and source ids must already be checked as safe path segments.
 */
export class FileRevisionHistory {
  constructor(
    private readonly root: string,
    private readonly keep: number = MAX_FILE_REVISIONS_PER_SOURCE,
  ) {}

  dirOf(plugin: string, sourceId: string): string {
    return join(this.root, HISTORY_DIR, plugin, sourceId);
  }

  /** Every readable entry, newest first. */
  async list(plugin: string, sourceId: string): Promise<StoredRevisionRecord[]> {
    const files = await this.files(plugin, sourceId);
    const records: StoredRevisionRecord[] = [];
    for (const file of files) {
      try {
        records.push(
          JSON.parse(
            await readFile(join(this.dirOf(plugin, sourceId), file), 'utf8'),
          ) as StoredRevisionRecord,
        );
      } catch {
        // Written atomically, so unreadable means damaged by hand: skip rather than hide the rest.
      }
    }
    return records;
  }

  /** The newest readable entry (reads one file, not the whole history). */
  async newest(plugin: string, sourceId: string): Promise<StoredRevisionRecord | undefined> {
    for (const file of await this.files(plugin, sourceId)) {
      try {
        return JSON.parse(
          await readFile(join(this.dirOf(plugin, sourceId), file), 'utf8'),
        ) as StoredRevisionRecord;
      } catch {
        // damaged by hand: fall back to the next one
      }
    }
    return undefined;
  }

  /** The file writes that append `records` (oldest first) after the existing entries. */
  async planAppend(
    plugin: string,
    sourceId: string,
    records: readonly StoredRevisionRecord[],
  ): Promise<JournalFileWrite[]> {
    const files = await this.files(plugin, sourceId);
    let seq = files.length ? Number(FILE_PATTERN.exec(files[0])![1]) : 0;
    return records.map((record) => ({
      target: join(
        this.dirOf(plugin, sourceId),
        `${String(++seq).padStart(10, '0')}-${record.id}.json`,
      ),
      data: JSON.stringify(record),
    }));
  }

  /** Deletes all but the newest `keep` entries; returns how many were removed. */
  async prune(plugin: string, sourceId: string): Promise<number> {
    const stale = (await this.files(plugin, sourceId)).slice(this.keep);
    for (const file of stale) {
      await unlink(join(this.dirOf(plugin, sourceId), file)).catch(() => undefined);
    }
    return stale.length;
  }

  /** Entry file names, newest first. */
  private async files(plugin: string, sourceId: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dirOf(plugin, sourceId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((n) => FILE_PATTERN.test(n))
      .sort()
      .reverse();
  }
}
