import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditLog } from './audit-log';
import { ManagementAccessGuard } from './auth/management-access.guard';
import { CatalogManagementController } from './catalog-management.controller';
import { RefreshRateLimiter } from './refresh-rate-limiter';
import { SourceManagementService } from './source-management.service';
import { SourceStatusService } from './source-status.service';
import { SourceValidationPipeline } from './validation/source-validation.pipeline';

/** The management plane: validate, apply, diff, rollback, refresh, access control and audit. */
@Module({
  providers: [
    SourceValidationPipeline,
    SourceStatusService,
    SourceManagementService,
    RefreshRateLimiter,
    AuditLog,
    { provide: APP_GUARD, useClass: ManagementAccessGuard },
  ],
  controllers: [CatalogManagementController],
  exports: [SourceValidationPipeline, SourceStatusService, SourceManagementService],
})
export class CatalogManagementModule {}
