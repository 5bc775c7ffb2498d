import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { CONFIG_STORE, ConfigStore } from '../store/config-store';
import { failureMessage, withTimeout } from './check-timeout';
import { READINESS_TIMEOUTS_MS } from './readiness-components';

/** `configStore`: the store's backing storage answers (files readable, or the Kubernetes API). */
@Injectable()
export class ConfigStoreReadinessIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
  ) {}

  async check(): Promise<HealthIndicatorResult<'configStore'>> {
    const check = this.indicators.check('configStore');
    const { mode, writable } = this.store;
    try {
      await withTimeout(
        this.store.ping(),
        READINESS_TIMEOUTS_MS.configStore,
        `${mode} config store`,
      );
      return check.up({ mode, writable });
    } catch (err) {
      return check.down({ mode, writable, message: failureMessage(err) });
    }
  }
}
