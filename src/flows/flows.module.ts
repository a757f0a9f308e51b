import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { FlowDryRun } from './flow-dry-run.service';
import { FlowEvents } from './flow-events';
import { FlowTargetResolver } from './flow-target.resolver';
import { FlowRules } from './flow-rules.service';
import { FlowViewBuilder } from './flow-view.builder';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { ProtectionFlowEntity } from './protection-flow.entity';

/**
 * Protection flows. Run statistics (FlowRunStats) and the full/incremental choice (BackupTypeAdvisor)
 * are ports the executions module provides globally: executions depend on flows, not the other way round.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProtectionFlowEntity]), CatalogModule],
  controllers: [FlowsController],
  providers: [FlowsService, FlowRules, FlowViewBuilder, FlowDryRun, FlowTargetResolver, FlowEvents],
  exports: [FlowsService, FlowTargetResolver, FlowEvents],
})
export class FlowsModule {}
