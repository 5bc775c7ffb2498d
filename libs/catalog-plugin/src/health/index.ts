export * from './check-timeout';
export * from './database-ping';
export * from './health-paths';
export * from './health.module';
export * from './readiness-components';
export * from './readiness.service';
export * from './shutdown-state';
