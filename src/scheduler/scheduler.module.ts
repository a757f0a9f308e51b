import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { ExecutionsModule } from '../executions/executions.module';
import { FlowsModule } from '../flows/flows.module';
import { CronRegistry } from './cron-registry';
import { FlowRegistrations } from './flow-registrations';
import { FlowScheduler } from './flow-scheduler.service';
import { OccurrenceFirer } from './occurrence-firer.service';
import { MissedOccurrences } from './missed-occurrences';
import { OccurrenceRecorder } from './occurrence-recorder.service';
import { OccurrenceRepository } from './occurrence.repository';
import { ScheduleExecutionEntity } from './schedule-execution.entity';
import { OccurrenceHistory } from './occurrence-history.service';
import { ScheduleShares } from './schedule-shares.service';
import { ShareLeaseRepository } from './share-lease.repository';

/** Fires flows on their schedules: a CronJob per scheduled flow of the shares this replica holds, occurrences claimed once across replicas. */
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([ScheduleExecutionEntity]), CatalogModule, FlowsModule, ExecutionsModule],
  providers: [
    CronRegistry,
    OccurrenceRepository,
    OccurrenceRecorder,
    MissedOccurrences,
    OccurrenceFirer,
    FlowRegistrations,
    FlowScheduler,
    OccurrenceHistory,
    ShareLeaseRepository,
    ScheduleShares,
  ],
  exports: [FlowScheduler, OccurrenceHistory],
})
export class SchedulerModule {}
