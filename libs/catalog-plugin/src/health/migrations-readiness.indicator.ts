import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseMigrator } from '../database/database-migrator';
import { failureMessage, withTimeout } from './check-timeout';
import { READINESS_TIMEOUTS_MS } from './readiness-components';

/**
 * `migrations`: every kernel and plugin migration is applied. Once confirmed it stays confirmed:
 * migrations are code, so this process cannot gain new ones, and re-reading the migrations table
 * on every probe would only duplicate the `database` check.
 */
@Injectable()
export class MigrationsReadinessIndicator {
  private confirmed = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly migrator: DatabaseMigrator,
  ) {}

  async check(): Promise<HealthIndicatorResult<'migrations'>> {
    const check = this.indicators.check('migrations');
    if (this.confirmed) return check.up({ pending: 0 });
    try {
      const pending = await withTimeout(
        this.migrator.pendingMigrations(),
        READINESS_TIMEOUTS_MS.migrations,
        'pending migrations',
      );
      if (pending.length > 0) return check.down({ pending: pending.length, migrations: pending });
      this.confirmed = true;
      return check.up({ pending: 0 });
    } catch (err) {
      return check.down({ message: failureMessage(err) });
    }
  }
}
