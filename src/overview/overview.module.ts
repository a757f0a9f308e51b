import { Module } from '@nestjs/common';
import { ExecutionsModule } from '../executions/executions.module';
import { FlowsModule } from '../flows/flows.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { FlowSummaryController } from './flow-summary.controller';
import { FlowSummaryService } from './flow-summary.service';

/**
 * Views that combine several modules (the flows summary). It must be imported before FlowsModule:
 * its GET /protection-flows/summary is registered before FlowsController's GET /protection-flows/:id.
 */
@Module({
  imports: [FlowsModule, ExecutionsModule, SchedulerModule],
  controllers: [FlowSummaryController],
  providers: [FlowSummaryService],
})
export class OverviewModule {}
