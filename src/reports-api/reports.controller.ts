import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { RunReportQuery, RunReportResponse } from './dto/run-report.dto';
import { RunReports } from './run-report.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: RunReports) {}

  /** Runs per hour or day (in `tz`) by result, data transferred, VMs backed up and failed, and the flows with the longest runs, over [from, to). */
  @Get('runs')
  @ApiErrors(400)
  getRunReport(@Query() query: RunReportQuery): Promise<RunReportResponse> {
    return this.reports.runs(query);
  }
}
