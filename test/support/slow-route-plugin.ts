import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadRequestException, Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { CATALOG_PLUGIN, CatalogPlugin, CatalogPluginSchema } from '@catalog/plugin';

/** Directory the slow route signals through (set in the server's environment by the test). */
export const SLOW_ROUTE_DIR_ENV = 'SLOW_ROUTE_DIR';
export const SLOW_ROUTE_BASE = '/api/slow_catalog/v1/wait';
const MAX_WAIT_MS = 30_000;

@Injectable()
class SlowRoutePlugin implements CatalogPlugin {
  readonly name = 'slow';
  readonly version = 'v1';
  readonly description = 'Test plugin with a request that lasts until the test releases it';
  readonly configKey = 'slow';
  readonly entities = [];
  readonly migrations = [];
  async init(): Promise<void> {}
}

/**
 * GET /api/slow_catalog/v1/wait/:token writes `<dir>/<token>.started`, then answers only once
 * `<dir>/<token>` exists: an in-flight request whose end the test controls, across processes.
 */
@Controller('api/slow_catalog/v1')
class SlowController {
  @Get('wait/:token')
  async wait(@Param('token') token: string): Promise<{ token: string; waitedMs: number }> {
    const dir = process.env[SLOW_ROUTE_DIR_ENV];
    if (!dir || !/^[a-z0-9-]{1,64}$/.test(token))
      throw new BadRequestException('bad token or no SLOW_ROUTE_DIR');
    const started = Date.now();
    await writeFile(join(dir, `${token}.started`), '');
    while (Date.now() - started < MAX_WAIT_MS) {
      try {
        await access(join(dir, token));
        return { token, waitedMs: Date.now() - started };
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    throw new Error('slow route was never released');
  }
}

@Module({
  providers: [{ provide: CATALOG_PLUGIN, useClass: SlowRoutePlugin }],
  controllers: [SlowController],
})
export class SlowRoutePluginModule {
  static readonly schema: CatalogPluginSchema = { entities: [], migrations: [] };
}
