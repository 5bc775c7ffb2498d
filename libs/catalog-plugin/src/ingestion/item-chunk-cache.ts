import type { ExistingEntityRow } from './entity-table.writer';

/** What a previous refresh learned about one item's bytes. */
export interface CachedItem {
  name: string;
  contentHash: string;
  /** Dropped by includedItems/excludedItems. */
  excluded: boolean;
  /** The last refresh run that saw these bytes (bookkeeping of SourceRefreshRun). */
  generation?: number;
  /** The stored row these bytes produced (same object as in SourceState.rows). */
  row?: ExistingEntityRow;
}

/** What this process knows about a source after its last successful refresh. */
export interface SourceState {
  /** includedItems/excludedItems the items were classified with. */
  signature: string;
  /** Item bytes (MD5) → what they parsed to. */
  items: Map<string, CachedItem>;
  /** The source's rows as the refresh left them (name → id, content hash). */
  rows: Map<string, ExistingEntityRow>;
  /** Version of the source's status row written by that refresh. */
  version: string;
}

/**
 * Per-source memory of the last successful refresh in this process. An item whose bytes are
 * unchanged and whose row still has the same hash needs no parsing, and while the status row's
 * version is unchanged the rows need not be read back: a refresh then costs in proportion to
 * what changed. Only items that parsed on their own are remembered, so a cached item never
 * depends on another one.
 */
export class SourceStateCache {
  private readonly sources = new Map<string, SourceState>();

  get(key: string): SourceState | undefined {
    return this.sources.get(key);
  }

  set(key: string, state: SourceState): void {
    this.sources.set(key, state);
  }

  forget(key: string): void {
    this.sources.delete(key);
  }
}
