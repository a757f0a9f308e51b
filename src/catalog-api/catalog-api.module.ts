import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ExecutionsModule } from '../executions/executions.module';
import { CatalogSyncModule } from '../catalog-sync/catalog-sync.module';
import { GroupViews } from './group-views.service';
import { RecordOrigins } from './record-origins.service';
import { RepositoriesController } from './repositories.controller';
import { MachineGroupsController } from './machine-groups.controller';
import { VmContextsController } from './vm-contexts.controller';
import { VmGroupsController } from './vm-groups.controller';
import { VmCoverageRepository } from './vm-coverage.repository';
import { VmCoverageService } from './vm-coverage.service';

/**
 * The HTTP API of the records the appliance may own — VMs, protection groups, repositories — in the
 * backup system's shapes: their answers combine the catalog with executions (a group's jobs in flight,
 * a VM's backup history) and with the catalog sync (when an imported record was last seen), so every
 * /vm-contexts, /machine-groups, /vm-groups and /repositories route is served here, one controller per path.
 */
@Module({
  imports: [CatalogModule, ExecutionsModule, CatalogSyncModule],
  controllers: [VmContextsController, MachineGroupsController, VmGroupsController, RepositoriesController],
  providers: [GroupViews, RecordOrigins, VmCoverageRepository, VmCoverageService],
})
export class CatalogApiModule {}
