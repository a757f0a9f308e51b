import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { ExecutionsModule } from '../executions/executions.module';
import { FlowsModule } from '../flows/flows.module';
import { OccurrenceStats } from '../flows/occurrence-stats.port';
import { CronRegistry } from './cron-registry';
import { FlowScheduler } from './flow-scheduler.service';
import { MissedOccurrences } from './missed-occurrences';
import { OccurrenceLedger } from './occurrence-ledger';
import { OccurrenceStatsReader } from './occurrence-stats.reader';
import { ScheduleExecutionEntity } from './schedule-execution.entity';
import { ScheduleExecutionsController } from './schedule-executions.controller';

/**
 * Fires flows on their schedules. Global only so that FlowsModule reaches the OccurrenceStats
 * port it defines, and health can report the scheduler, without importing this module.
 */
@Global()
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([ScheduleExecutionEntity]), CatalogModule, FlowsModule, ExecutionsModule],
  controllers: [ScheduleExecutionsController],
  providers: [CronRegistry, OccurrenceLedger, MissedOccurrences, FlowScheduler, { provide: OccurrenceStats, useClass: OccurrenceStatsReader }],
  exports: [FlowScheduler, OccurrenceStats],
})
export class SchedulerModule {}
