import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { failureMessage } from './check-timeout';
import { DatabasePing } from './database-ping';
import { READINESS_TIMEOUTS_MS } from './readiness-components';

/** `database`: the pool answers `SELECT 1` within 1 s. */
@Injectable()
export class DatabaseReadinessIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabasePing,
  ) {}

  async check(): Promise<HealthIndicatorResult<'database'>> {
    const check = this.indicators.check('database');
    const timeoutMs = READINESS_TIMEOUTS_MS.database;
    try {
      return check.up({ latencyMs: await this.database.ping(timeoutMs) });
    } catch (err) {
      return check.down({ message: failureMessage(err), timeoutMs });
    }
  }
}
