import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { CatalogUsageCheck } from './catalog-usage.check';
import { FlowCatalogReactions } from './flow-catalog.reactions';
import { FlowReadRepository } from './flow-read.repository';
import { FlowRepository } from './flow.repository';
import { FlowRules } from './flow-rules.service';
import { FlowTargetResolver } from './flow-target.resolver';
import { FlowViewBuilder } from './flow-view.builder';
import { FlowsService } from './flows.service';
import { ProtectionFlowEntity } from './protection-flow.entity';

/** Protection flows: what to protect, where and when. Depends on the catalog only; its HTTP API is served by the overview module (flow views carry their running execution). */
@Module({
  imports: [TypeOrmModule.forFeature([ProtectionFlowEntity]), CatalogModule],
  providers: [FlowRepository, FlowReadRepository, FlowsService, FlowRules, FlowViewBuilder, FlowTargetResolver, FlowCatalogReactions, CatalogUsageCheck],
  exports: [FlowsService, FlowTargetResolver, FlowViewBuilder],
})
export class FlowsModule {}
