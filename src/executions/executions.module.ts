import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FlowRunStats } from '../flows/flow-run-stats.port';
import { FlowsModule } from '../flows/flows.module';
import { ExecutionEventEntity } from './execution-event.entity';
import { ExecutionJobEntity } from './execution-job.entity';
import { ExecutionStatsReader } from './execution-stats.reader';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';
import { FlowExecutionEntity } from './flow-execution.entity';

/** Flow executions. Global only so that FlowsModule can reach the FlowRunStats port it defines. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([FlowExecutionEntity, ExecutionJobEntity, ExecutionEventEntity]), FlowsModule],
  controllers: [ExecutionsController],
  providers: [ExecutionsService, { provide: FlowRunStats, useClass: ExecutionStatsReader }],
  exports: [ExecutionsService, FlowRunStats],
})
export class ExecutionsModule {}
