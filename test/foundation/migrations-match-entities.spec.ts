import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DatabaseMigrator } from '@catalog/plugin';
import { startTestApp, TestApp } from '../support/test-app';

describe('migrations and TypeORM entities agree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('after all migrations, synchronizing the entities would change nothing', async () => {
    const ds = t.app.get<DataSource>(getDataSourceToken());
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('running the migrations again is a no-op', async () => {
    const ds = t.app.get<DataSource>(getDataSourceToken());
    const before = await ds.query('SELECT id, name FROM migrations ORDER BY id');
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(await t.app.get(DatabaseMigrator).migrate()).toEqual([]);
    expect(await ds.query('SELECT id, name FROM migrations ORDER BY id')).toEqual(before);
    expect(await t.app.get(DatabaseMigrator).pendingMigrations()).toEqual([]);
  });
});
