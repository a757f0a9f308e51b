import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { RunReportRepository } from './run-report.repository';
import { RunReports } from './run-report.service';

/**
 * Reports over run history (GET /api/v1/reports/runs): aggregates the database computes from the
 * executions and flows tables, read-only, so this module needs no other feature module.
 */
@Module({
  controllers: [ReportsController],
  providers: [RunReportRepository, RunReports],
})
export class ReportsApiModule {}
