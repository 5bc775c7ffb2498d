import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import type { Response } from 'express';
import { LivenessDto } from './health.dto';
import { LIVENESS_ALIAS_PATH, LIVENESS_PATH, READINESS_PATH } from './health-paths';
import { ReadinessReport, ReadinessService } from './readiness.service';

const NO_STORE = 'no-cache, no-store, must-revalidate';

/**
 * Probe endpoints. A 503 from /readyz is a health report (which component is down and why), not
 * an error, so it is the one non-2xx answer that does not use the global error shape.
 */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get(LIVENESS_PATH)
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: 'Liveness: the process answers. Never depends on the database.' })
  @ApiOkResponse({ type: LivenessDto })
  livez(): LivenessDto {
    return alive();
  }

  @Get(LIVENESS_ALIAS_PATH)
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({ summary: 'Alias of /livez' })
  @ApiOkResponse({ type: LivenessDto })
  healthz(): LivenessDto {
    return alive();
  }

  @Get(READINESS_PATH)
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: 200 when database, migrations, config store, plugins and the initial load are all up; else 503 with the same report',
  })
  async readyz(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    if (report.status !== 'ok') res.status(503);
    return report;
  }
}

function alive(): LivenessDto {
  return { status: 'alive', uptime: Math.round(process.uptime() * 1000) / 1000 };
}
