import { Body, Controller, Get, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import {
  CATALOG_PLUGIN,
  CatalogPlugin,
  CatalogPluginSchema,
  CatalogSection,
  PluginRoute,
} from '@catalog/plugin';

/** Records lifecycle calls of the test plugins, in order. */
export const lifecycleLog: string[] = [];

@Injectable()
class FailingPlugin implements CatalogPlugin {
  readonly name = 'failing';
  readonly version = 'v1';
  readonly description = 'A plugin whose init throws';
  readonly configKey = 'failing';
  readonly entities = [];
  readonly migrations = [];
  async init(): Promise<void> {
    throw new Error('boom: upstream registry unreachable');
  }
}

@PluginRoute('failing')
@Controller('api/failing_catalog/v1')
class FailingController {
  @Get('things')
  things(): { items: never[] } {
    return { items: [] };
  }
}

@Module({
  providers: [{ provide: CATALOG_PLUGIN, useClass: FailingPlugin }],
  controllers: [FailingController],
})
export class FailingPluginModule {
  static readonly schema: CatalogPluginSchema = { entities: [], migrations: [] };
}

class EchoDto {
  @IsString() name!: string;
  @IsOptional() @IsInt() @Min(0) count?: number;
}

function recordingPlugin(name: string): new () => CatalogPlugin {
  @Injectable()
  class RecordingPlugin implements CatalogPlugin {
    readonly name = name;
    readonly version = 'v1';
    readonly description = `Recording plugin ${name}`;
    readonly configKey = name;
    readonly entities = [];
    readonly migrations = [];
    section?: CatalogSection;
    async init(section: CatalogSection | undefined): Promise<void> {
      this.section = section;
      lifecycleLog.push(`init:${name}`);
    }
    async start(): Promise<void> {
      lifecycleLog.push(`start:${name}`);
    }
    async stop(): Promise<void> {
      lifecycleLog.push(`stop:${name}`);
    }
  }
  return RecordingPlugin;
}

@PluginRoute('first')
@Controller('api/first_catalog/v1')
class EchoController {
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password=hunter2 leaked in an unexpected error');
  }
}

@Module({
  providers: [{ provide: CATALOG_PLUGIN, useClass: recordingPlugin('first') }],
  controllers: [EchoController],
})
export class FirstRecordingPluginModule {
  static readonly schema: CatalogPluginSchema = { entities: [], migrations: [] };
}

@Module({ providers: [{ provide: CATALOG_PLUGIN, useClass: recordingPlugin('second') }] })
export class SecondRecordingPluginModule {
  static readonly schema: CatalogPluginSchema = { entities: [], migrations: [] };
}
