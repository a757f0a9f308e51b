import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ExecutionsModule } from '../executions/executions.module';
import { FlowsModule } from '../flows/flows.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { FlowSummaryRepository } from './flow-summary.repository';
import { FlowSummaryService } from './flow-summary.service';
import { FlowViews } from './flow-views.service';
import { FlowsController } from './flows.controller';
import { GroupViews } from './group-views.service';
import { MachineGroupsController } from './machine-groups.controller';
import { VmContextDetailController } from './vm-context-detail.controller';

/**
 * The HTTP views that combine modules: protection flows (with their run in progress), the flows
 * summary, machine groups (with their jobs in flight), a VM's backup history. Imported by AppModule
 * before the catalog so that its static paths (by-id/…) are routed before the catalog's /:id.
 */
@Module({
  imports: [CatalogModule, FlowsModule, ExecutionsModule, SchedulerModule],
  controllers: [FlowsController, MachineGroupsController, VmContextDetailController],
  providers: [FlowSummaryRepository, FlowSummaryService, FlowViews, GroupViews],
})
export class OverviewModule {}
