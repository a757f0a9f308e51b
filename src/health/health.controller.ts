import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthReport, LivenessReport, ReadinessReport } from './dto/health.dto';
import { Public } from '../security/public-route';
import { HealthService } from './health.service';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly readiness: ReadinessService,
  ) {}

  @Get()
  @ApiOkResponse({ type: HealthReport, description: 'The engine and its database are up' })
  @ApiServiceUnavailableResponse({ type: HealthReport, description: 'The database does not answer' })
  async getHealth(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    void res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  /** For an orchestrator's liveness probe: the process answers (nothing else is checked). */
  @Get('live')
  @ApiOkResponse({ type: LivenessReport })
  getLiveness(): LivenessReport {
    return { status: 'ok', uptime_seconds: Math.round(process.uptime()) };
  }

  /** For a readiness probe: database reachable, migrations applied, backup API reachable (or demo mode), scheduler running; 503 naming what fails. */
  @Get('ready')
  @ApiOkResponse({ type: ReadinessReport, description: 'Every check passes' })
  @ApiServiceUnavailableResponse({ type: ReadinessReport, description: '`failing` names the checks that do not pass' })
  async getReadiness(@Res({ passthrough: true }) res: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    void res.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
