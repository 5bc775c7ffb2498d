import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { PluginRegistry, RegisteredPlugin } from '../plugin/plugin-registry';
import { failureMessage, withTimeout } from './check-timeout';
import { READINESS_TIMEOUTS_MS } from './readiness-components';

export interface PluginProblem {
  name: string;
  error: string;
}

/**
 * `plugins`: every registered plugin has been through init. A plugin that failed (or whose own
 * health check fails) makes the component `degraded`, which is still ready (200): the other
 * plugins and the management plane keep serving, and the failed plugin's routes answer 503 on
 * their own (PluginServingGuard). Taking the pod out of rotation would also take away the API an
 * operator needs to fix the plugin's sources. See docs/decisions.md.
 */
@Injectable()
export class PluginsReadinessIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly registry: PluginRegistry,
  ) {}

  async check(): Promise<HealthIndicatorResult<'plugins'>> {
    const check = this.indicators.check('plugins');
    const entries = this.registry.all();
    const initializing = entries.filter((e) => !e.status.serving && !e.status.lastError);
    if (initializing.length > 0) {
      return check.down({
        state: 'initializing',
        initializing: initializing.map((e) => e.plugin.name),
      });
    }
    const serving = entries.filter((e) => e.status.serving);
    const failed: PluginProblem[] = entries
      .filter((e) => !e.status.serving)
      .map((e) => ({ name: e.plugin.name, error: e.status.lastError ?? 'not serving' }));
    const unhealthy = (await Promise.all(serving.map((e) => this.problemOf(e)))).filter(
      (p): p is PluginProblem => p !== undefined,
    );
    const names = serving.map((e) => e.plugin.name);
    if (failed.length === 0 && unhealthy.length === 0)
      return check.up({ state: 'ready', serving: names });
    return check.up({ state: 'degraded', serving: names, failed, unhealthy });
  }

  private async problemOf(entry: RegisteredPlugin): Promise<PluginProblem | undefined> {
    try {
      const health = await withTimeout(
        this.registry.healthOf(entry),
        READINESS_TIMEOUTS_MS.pluginHealth,
        `plugin ${entry.plugin.name} health`,
      );
      return health.healthy
        ? undefined
        : { name: entry.plugin.name, error: health.message ?? 'unhealthy' };
    } catch (err) {
      return { name: entry.plugin.name, error: failureMessage(err) };
    }
  }
}
