import { DataSource } from 'typeorm';
import { createTestDatabase } from '@test/support/test-database';
import { CatalogQueryService } from '../catalog-query.service';
import { GADGETS, WIDGETS, WIDGET_PARTS, createEntityTable } from './query-fixtures';

export interface QueryTestContext {
  dataSource: DataSource;
  service: CatalogQueryService;
  close(): Promise<void>;
}

/** A fresh database with the fixture tables and a CatalogQueryService over it (no Nest DI). */
export async function openQueryTestDatabase(): Promise<QueryTestContext> {
  const database = await createTestDatabase();
  const dataSource = new DataSource({ type: 'postgres', url: database.url });
  await dataSource.initialize();
  await createEntityTable(dataSource, WIDGETS);
  await createEntityTable(dataSource, WIDGET_PARTS, WIDGETS);
  await createEntityTable(dataSource, GADGETS);
  return {
    dataSource,
    service: new CatalogQueryService(dataSource),
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
