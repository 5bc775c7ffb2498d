import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConfigStoreReadinessIndicator } from './config-store-readiness.indicator';
import { DatabasePing } from './database-ping';
import { DatabaseReadinessIndicator } from './database-readiness.indicator';
import { HealthController } from './health.controller';
import { InitialLoadReadinessIndicator } from './initial-load-readiness.indicator';
import { MigrationsReadinessIndicator } from './migrations-readiness.indicator';
import { PluginsReadinessIndicator } from './plugins-readiness.indicator';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

/**
 * /livez, /healthz and /readyz. Uses the kernel's global providers (data source, migrator, config
 * store, plugin registry, initial load); the app composes it next to the kernel.
 */
@Module({
  // ReadinessService logs transitions itself; Terminus would log every failed probe.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    ShutdownState,
    DatabasePing,
    DatabaseReadinessIndicator,
    MigrationsReadinessIndicator,
    ConfigStoreReadinessIndicator,
    PluginsReadinessIndicator,
    InitialLoadReadinessIndicator,
    ReadinessService,
  ],
  exports: [ShutdownState, ReadinessService],
})
export class HealthModule {}
