import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthCheckStatus } from '@nestjs/terminus';
import { ConfigStoreReadinessIndicator } from './config-store-readiness.indicator';
import { DatabaseReadinessIndicator } from './database-readiness.indicator';
import { InitialLoadReadinessIndicator } from './initial-load-readiness.indicator';
import { MigrationsReadinessIndicator } from './migrations-readiness.indicator';
import { PluginsReadinessIndicator } from './plugins-readiness.indicator';
import { ShutdownState } from './shutdown-state';

/** The /readyz body: Terminus's shape (`status`, `info`, `error`, `details` per component). */
export type ReadinessReport = HealthCheckResult;

/**
 * Decides readiness: `ok` only when every component is up (database, migrations, configStore,
 * plugins, initialLoad). Once a shutdown began it answers `shutting_down` without running any
 * check, so the answer flips at once and nothing touches resources that are about to close.
 * Logs each change of the overall status (probes poll; logging every answer would be noise).
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger(ReadinessService.name);
  private lastStatus?: HealthCheckStatus;

  constructor(
    private readonly health: HealthCheckService,
    private readonly shutdown: ShutdownState,
    private readonly database: DatabaseReadinessIndicator,
    private readonly migrations: MigrationsReadinessIndicator,
    private readonly configStore: ConfigStoreReadinessIndicator,
    private readonly plugins: PluginsReadinessIndicator,
    private readonly initialLoad: InitialLoadReadinessIndicator,
  ) {}

  async check(): Promise<ReadinessReport> {
    const report = this.shutdown.current ? this.shuttingDownReport() : await this.runChecks();
    this.noteTransition(report);
    return report;
  }

  private async runChecks(): Promise<ReadinessReport> {
    try {
      return await this.health.check([
        () => this.database.check(),
        () => this.migrations.check(),
        () => this.configStore.check(),
        () => this.plugins.check(),
        () => this.initialLoad.check(),
      ]);
    } catch (err) {
      // Terminus reports a failed check by throwing 503 with the full result as its body.
      if (err instanceof ServiceUnavailableException) return err.getResponse() as ReadinessReport;
      throw err;
    }
  }

  private shuttingDownReport(): ReadinessReport {
    const { reason, since } = this.shutdown.current!;
    const shutdown = {
      status: 'down' as const,
      reason,
      since: since.toISOString(),
      message: 'shutting down: finishing in-flight requests',
    };
    return { status: 'shutting_down', info: {}, error: { shutdown }, details: { shutdown } };
  }

  private noteTransition(report: ReadinessReport): void {
    if (report.status === this.lastStatus) return;
    const from = this.lastStatus ?? 'unknown';
    this.lastStatus = report.status;
    const failing = Object.keys(report.error ?? {});
    if (report.status === 'ok') this.logger.log({ msg: 'ready', from });
    else if (report.status === 'shutting_down')
      this.logger.log({ msg: 'not ready: shutting down', from });
    else this.logger.warn({ msg: 'not ready', from, failing, error: report.error });
  }
}
