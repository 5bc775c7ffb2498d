import { Injectable, Logger } from '@nestjs/common';
import { CatalogIngestionService, ManagedPlugin } from './catalog-ingestion.service';
import type { PluginRefreshResult } from './refresh-result';

export type InitialLoadState = 'pending' | 'running' | 'done';

/**
 * The boot-time load of every enabled source, through the same refresh path as everything else.
 * Runs in the background so the server can answer liveness while it loads; readiness waits for it.
 */
@Injectable()
export class InitialLoadService {
  private readonly logger = new Logger(InitialLoadService.name);
  private stateValue: InitialLoadState = 'pending';
  private readonly results: PluginRefreshResult[] = [];
  private done!: Promise<void>;
  private startedAt?: number;
  private finishedAt?: number;
  private readonly abort = new AbortController();

  constructor(private readonly ingestion: CatalogIngestionService) {
    this.done = Promise.resolve();
  }

  get state(): InitialLoadState {
    return this.stateValue;
  }

  /** Starts the load; returns immediately. */
  start(plugins: readonly ManagedPlugin[]): void {
    this.stateValue = 'running';
    this.startedAt = Date.now();
    this.done = (async () => {
      for (const plugin of plugins) {
        if (this.abort.signal.aborted) break;
        try {
          this.results.push(await this.ingestion.refreshAll(plugin, this.abort.signal));
        } catch (err) {
          this.logger.error({
            msg: 'initial load failed',
            plugin: plugin.name,
            error: String(err),
          });
        }
      }
      this.finishedAt = Date.now();
      this.stateValue = 'done';
      this.logger.log({
        msg: 'initial load finished',
        durationMs: this.finishedAt - this.startedAt!,
        plugins: this.results.map((r) => ({ plugin: r.plugin, ...r.totals })),
      });
    })();
  }

  /**
   * Shutdown: start no further sources (the ones loading finish), so a SIGTERM during a long boot
   * load stays within the grace period. Sources not loaded yet keep their previous rows.
   */
  stop(): Promise<void> {
    this.abort.abort();
    return this.done;
  }

  /** Resolves when the load has finished (immediately if it never started). */
  whenDone(): Promise<void> {
    return this.done;
  }

  /** Sources whose boot-time load failed: reported, but they do not hold readiness. */
  failures(): Array<{ plugin: string; sourceId: string; error: string }> {
    return this.results.flatMap((p) =>
      p.results
        .filter((r) => r.status === 'error')
        .map((r) => ({ plugin: p.plugin, sourceId: r.sourceId, error: r.summary })),
    );
  }

  summary(): { state: InitialLoadState; durationMs?: number; results: PluginRefreshResult[] } {
    return {
      state: this.stateValue,
      durationMs: this.finishedAt && this.startedAt ? this.finishedAt - this.startedAt : undefined,
      results: this.results,
    };
  }
}
