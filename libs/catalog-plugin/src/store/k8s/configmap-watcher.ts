import { KubeConfig, V1ConfigMap, Watch } from '@kubernetes/client-node';

export type ConfigMapEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ConfigMapWatcherOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  labelSelector: string;
  onEvent(type: ConfigMapEventType, object: V1ConfigMap): void;
  /**
   * Called when events may have been missed (410 Gone: the resourceVersion is too old). Must
   * re-read the current state and return the resourceVersion to watch from.
   */
  resync(): Promise<string>;
  /** Delay before re-opening a closed watch; doubles (up to 30 s) while opening keeps failing. */
  retryDelayMs?: number;
  onError?(err: unknown): void;
}

interface WatchStatusObject {
  code?: number;
  metadata?: { resourceVersion?: string };
}

/**
 * Keeps one watch on the namespace's ConfigMaps (by label) open: when the API server ends the
 * stream (timeouts, restarts) it re-opens from the last resourceVersion seen, and after a 410 it
 * resyncs first, so no change is lost or delivered twice.
 */
export class ConfigMapWatcher {
  private controller?: AbortController;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private lastVersion = '';
  private needsResync = false;
  /** Failed attempts in a row, for backoff while the API server is unreachable. */
  private failures = 0;

  constructor(private readonly options: ConfigMapWatcherOptions) {}

  start(fromResourceVersion: string): void {
    this.stopped = false;
    this.lastVersion = fromResourceVersion;
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort();
    this.controller = undefined;
  }

  get running(): boolean {
    return !this.stopped;
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.needsResync) {
        this.lastVersion = await this.options.resync();
        this.needsResync = false;
      }
      const { namespace, labelSelector } = this.options;
      const controller = await new Watch(this.options.kubeConfig).watch(
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps`,
        { labelSelector, resourceVersion: this.lastVersion, allowWatchBookmarks: true },
        (type: string, object: unknown) => this.receive(type, object),
        (err: unknown) => this.closed(err),
      );
      if (this.stopped) controller.abort();
      else this.controller = controller;
    } catch (err) {
      this.closed(err);
    }
  }

  private receive(type: string, object: unknown): void {
    if (this.stopped) return;
    if (type === 'ERROR') {
      const status = object as WatchStatusObject;
      if (status.code === 410) this.needsResync = true;
      return;
    }
    this.failures = 0;
    const version = (object as WatchStatusObject).metadata?.resourceVersion;
    if (version) this.lastVersion = version;
    if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
      this.options.onEvent(type, object as V1ConfigMap);
    }
  }

  private closed(err: unknown): void {
    this.controller = undefined;
    if (this.stopped) return;
    if (err && !isAbort(err)) {
      this.failures += 1;
      this.options.onError?.(err);
    } else {
      this.failures = 0; // a clean end: the server closed a working watch
    }
    const base = this.options.retryDelayMs ?? 1000;
    const delay = Math.min(30_000, base * 2 ** Math.min(this.failures, 10));
    this.timer = setTimeout(() => void this.open(), this.failures > 0 ? delay : base);
    this.timer.unref();
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'AbortSignal');
}
