import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ExecutionsModule } from '../executions/executions.module';
import { FlowsModule } from '../flows/flows.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { FlowExecutionsController } from './flow-executions.controller';
import { FlowSummaryRepository } from './flow-summary.repository';
import { FlowSummaryService } from './flow-summary.service';
import { FlowViews } from './flow-views.service';
import { ProtectionFlowsController } from './protection-flows.controller';

/**
 * The HTTP API of protection flows and their runs: every /protection-flows route in one controller,
 * every /flow-executions route in another, composing the flows, executions and scheduler modules
 * (a flow's answer carries its run in progress, which only executions knows).
 */
@Module({
  imports: [CatalogModule, FlowsModule, ExecutionsModule, SchedulerModule],
  controllers: [ProtectionFlowsController, FlowExecutionsController],
  providers: [FlowSummaryRepository, FlowSummaryService, FlowViews],
})
export class FlowsApiModule {}
