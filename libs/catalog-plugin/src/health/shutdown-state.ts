import { Injectable } from '@nestjs/common';

export interface ShutdownInfo {
  /** What started the shutdown, e.g. `SIGTERM`. */
  reason: string;
  since: Date;
}

/**
 * Set once when the process starts shutting down, before anything closes: readiness reads it to
 * answer 503 at once, while the server still serves in-flight and draining requests.
 */
@Injectable()
export class ShutdownState {
  private info?: ShutdownInfo;

  /** Marks the shutdown; later calls keep the first reason. */
  begin(reason: string): void {
    this.info ??= { reason, since: new Date() };
  }

  get shuttingDown(): boolean {
    return this.info !== undefined;
  }

  get current(): ShutdownInfo | undefined {
    return this.info;
  }
}
