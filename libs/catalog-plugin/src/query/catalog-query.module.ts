import { Module } from '@nestjs/common';
import { CatalogQueryService } from './catalog-query.service';

/**
 * Import into a plugin module to inject CatalogQueryService; it relies on the kernel's root
 * TypeORM connection (the default DataSource).
 */
@Module({ providers: [CatalogQueryService], exports: [CatalogQueryService] })
export class CatalogQueryModule {}
