import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InitialLoadService } from '../ingestion/initial-load.service';

/**
 * `initialLoad`: the boot-time load of every enabled source has finished. Sources that failed to
 * load are listed but do not hold readiness: their previous rows (if any) are still served, and
 * waiting would keep the whole server out of rotation over one bad source.
 */
@Injectable()
export class InitialLoadReadinessIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly initialLoad: InitialLoadService,
  ) {}

  check(): HealthIndicatorResult<'initialLoad'> {
    const check = this.indicators.check('initialLoad');
    const { state, durationMs } = this.initialLoad.summary();
    if (state !== 'done')
      return check.down({ state, message: 'boot-time load of the sources has not finished' });
    return check.up({ state, durationMs, failedSources: this.initialLoad.failures() });
  }
}
