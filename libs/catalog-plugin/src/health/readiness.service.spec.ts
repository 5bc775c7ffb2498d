import { Test } from '@nestjs/testing';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { DatabaseMigrator } from '../database/database-migrator';
import type { InitialLoadService } from '../ingestion/initial-load.service';
import type { PluginRegistry, RegisteredPlugin } from '../plugin/plugin-registry';
import type { ConfigStore } from '../store/config-store';
import { CheckTimeoutError, failureMessage, withTimeout } from './check-timeout';
import { ConfigStoreReadinessIndicator } from './config-store-readiness.indicator';
import { DatabaseReadinessIndicator } from './database-readiness.indicator';
import { InitialLoadReadinessIndicator } from './initial-load-readiness.indicator';
import { MigrationsReadinessIndicator } from './migrations-readiness.indicator';
import { PluginsReadinessIndicator } from './plugins-readiness.indicator';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

const indicators = new HealthIndicatorService();
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

function plugin(
  name: string,
  status: RegisteredPlugin['status'],
  health?: () => Promise<{ healthy: boolean; message?: string }>,
): RegisteredPlugin {
  return {
    plugin: {
      name,
      version: 'v1',
      description: name,
      configKey: name,
      entities: [],
      migrations: [],
      init: async () => undefined,
      health,
    },
    status,
  };
}

function registry(entries: RegisteredPlugin[]): PluginRegistry {
  return {
    all: () => entries,
    healthOf: async (e: RegisteredPlugin) =>
      e.plugin.health ? e.plugin.health() : { healthy: true },
  } as unknown as PluginRegistry;
}

describe('readiness indicators', () => {
  it('plugins: all serving → ready', async () => {
    const ind = new PluginsReadinessIndicator(
      indicators,
      registry([plugin('a', { initialized: true, serving: true })]),
    );
    expect(await ind.check()).toEqual({
      plugins: { status: 'up', state: 'ready', serving: ['a'] },
    });
  });

  it('plugins: a failed or unhealthy plugin → degraded, still up', async () => {
    const ind = new PluginsReadinessIndicator(
      indicators,
      registry([
        plugin('a', { initialized: true, serving: true }),
        plugin('b', { initialized: false, serving: false, lastError: 'boom' }),
        plugin('c', { initialized: true, serving: true }, async () => ({
          healthy: false,
          message: 'upstream down',
        })),
      ]),
    );
    expect(await ind.check()).toEqual({
      plugins: {
        status: 'up',
        state: 'degraded',
        serving: ['a', 'c'],
        failed: [{ name: 'b', error: 'boom' }],
        unhealthy: [{ name: 'c', error: 'upstream down' }],
      },
    });
  });

  it('plugins: a health() that hangs is reported within its timeout', async () => {
    const ind = new PluginsReadinessIndicator(
      indicators,
      registry([plugin('slow', { initialized: true, serving: true }, never)]),
    );
    const started = Date.now();
    const result = await ind.check();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.plugins).toMatchObject({
      state: 'degraded',
      unhealthy: [{ name: 'slow', error: expect.stringContaining('1000 ms') }],
    });
  });

  it('plugins: one not through init yet → down', async () => {
    const ind = new PluginsReadinessIndicator(
      indicators,
      registry([plugin('a', { initialized: false, serving: false })]),
    );
    expect(await ind.check()).toEqual({
      plugins: { status: 'down', state: 'initializing', initializing: ['a'] },
    });
  });

  it('migrations: pending → down listing them; once none are pending it stays confirmed', async () => {
    const pending = jest
      .fn<Promise<string[]>, []>()
      .mockResolvedValueOnce(['AddThing1'])
      .mockResolvedValueOnce([]);
    const ind = new MigrationsReadinessIndicator(indicators, {
      pendingMigrations: pending,
    } as unknown as DatabaseMigrator);
    expect(await ind.check()).toEqual({
      migrations: { status: 'down', pending: 1, migrations: ['AddThing1'] },
    });
    expect(await ind.check()).toEqual({ migrations: { status: 'up', pending: 0 } });
    expect(await ind.check()).toEqual({ migrations: { status: 'up', pending: 0 } });
    expect(pending).toHaveBeenCalledTimes(2);
  });

  it('configStore: a failing or hanging ping → down with the reason', async () => {
    const store = (ping: () => Promise<void>) =>
      ({ mode: 'k8s', writable: true, ping }) as unknown as ConfigStore;
    const failing = new ConfigStoreReadinessIndicator(
      indicators,
      store(async () => {
        throw new Error('configmaps "x" is forbidden');
      }),
    );
    expect(await failing.check()).toEqual({
      configStore: {
        status: 'down',
        mode: 'k8s',
        writable: true,
        message: 'configmaps "x" is forbidden',
      },
    });
    const hanging = new ConfigStoreReadinessIndicator(indicators, store(never));
    const started = Date.now();
    expect((await hanging.check()).configStore).toMatchObject({
      status: 'down',
      message: 'k8s config store: no answer within 2000 ms',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    const ok = new ConfigStoreReadinessIndicator(
      indicators,
      store(async () => undefined),
    );
    expect(await ok.check()).toEqual({
      configStore: { status: 'up', mode: 'k8s', writable: true },
    });
  });

  it('initialLoad: down until done; failed sources are listed but up', () => {
    const load = (
      state: 'pending' | 'running' | 'done',
      failures: Array<{ plugin: string; sourceId: string; error: string }> = [],
    ) =>
      ({
        summary: () => ({ state, durationMs: state === 'done' ? 5 : undefined, results: [] }),
        failures: () => failures,
      }) as unknown as InitialLoadService;
    expect(
      new InitialLoadReadinessIndicator(indicators, load('running')).check().initialLoad,
    ).toMatchObject({ status: 'down', state: 'running' });
    expect(
      new InitialLoadReadinessIndicator(indicators, load('pending')).check().initialLoad,
    ).toMatchObject({ status: 'down', state: 'pending' });
    const failed = [{ plugin: 'mcp', sourceId: 'bad', error: 'Refresh failed' }];
    expect(new InitialLoadReadinessIndicator(indicators, load('done', failed)).check()).toEqual({
      initialLoad: { status: 'up', state: 'done', durationMs: 5, failedSources: failed },
    });
  });

  it('database: a ping that fails or times out → down with the reason', async () => {
    const ping = (impl: () => Promise<number>) =>
      new DatabaseReadinessIndicator(indicators, { ping: impl } as never);
    expect(await ping(async () => 3).check()).toEqual({ database: { status: 'up', latencyMs: 3 } });
    expect(
      await ping(async () => {
        throw new CheckTimeoutError('database ping', 1000);
      }).check(),
    ).toEqual({
      database: {
        status: 'down',
        message: 'database ping: no answer within 1000 ms',
        timeoutMs: 1000,
      },
    });
  });
});

describe('check helpers', () => {
  it('withTimeout rejects with CheckTimeoutError and leaves no unhandled rejection', async () => {
    let rejectLate!: (e: Error) => void;
    const late = new Promise<never>((_, reject) => (rejectLate = reject));
    await expect(withTimeout(late, 10, 'thing')).rejects.toBeInstanceOf(CheckTimeoutError);
    rejectLate(new Error('too late'));
    await new Promise((r) => setImmediate(r));
  });

  it('failureMessage is one line, and digs into AggregateError and codes', () => {
    expect(failureMessage(new Error('first\nsecond'))).toBe('first');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    expect(failureMessage(new AggregateError([refused], ''))).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(failureMessage(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
  });
});

describe('ReadinessService', () => {
  const up = (key: string) => async () => ({ [key]: { status: 'up' as const } });
  const calls: string[] = [];

  async function service(
    overrides: Partial<
      Record<
        'database' | 'migrations' | 'configStore' | 'plugins' | 'initialLoad',
        () => Promise<unknown>
      >
    > = {},
  ) {
    calls.length = 0;
    const fake = (key: 'database' | 'migrations' | 'configStore' | 'plugins' | 'initialLoad') => ({
      check: () => {
        calls.push(key);
        return (overrides[key] ?? up(key))();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        ReadinessService,
        ShutdownState,
        { provide: DatabaseReadinessIndicator, useValue: fake('database') },
        { provide: MigrationsReadinessIndicator, useValue: fake('migrations') },
        { provide: ConfigStoreReadinessIndicator, useValue: fake('configStore') },
        { provide: PluginsReadinessIndicator, useValue: fake('plugins') },
        { provide: InitialLoadReadinessIndicator, useValue: fake('initialLoad') },
      ],
    }).compile();
    return { readiness: moduleRef.get(ReadinessService), shutdown: moduleRef.get(ShutdownState) };
  }

  it('is ok when every component is up, and lists each of them', async () => {
    const { readiness } = await service();
    const report = await readiness.check();
    expect(report.status).toBe('ok');
    expect(Object.keys(report.details).sort()).toEqual([
      'configStore',
      'database',
      'initialLoad',
      'migrations',
      'plugins',
    ]);
  });

  it('is an error when one component is down, keeping every component in details', async () => {
    const { readiness } = await service({
      database: async () => ({ database: { status: 'down', message: 'refused' } }),
    });
    const report = await readiness.check();
    expect(report.status).toBe('error');
    expect(report.error).toEqual({ database: { status: 'down', message: 'refused' } });
    expect(Object.keys(report.details)).toHaveLength(5);
  });

  it('answers shutting_down at once, without running any check', async () => {
    const { readiness, shutdown } = await service();
    shutdown.begin('SIGTERM');
    shutdown.begin('SIGINT'); // the first reason stays
    const report = await readiness.check();
    expect(calls).toEqual([]);
    expect(report).toMatchObject({
      status: 'shutting_down',
      error: { shutdown: { status: 'down', reason: 'SIGTERM' } },
    });
  });
});
