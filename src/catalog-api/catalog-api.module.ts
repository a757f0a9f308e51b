import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ExecutionsModule } from '../executions/executions.module';
import { GroupViews } from './group-views.service';
import { MachineGroupsController } from './machine-groups.controller';
import { VmContextsController } from './vm-contexts.controller';
import { VmGroupsController } from './vm-groups.controller';

/**
 * The HTTP API of VMs and protection groups, in the backup system's shapes: their answers combine the
 * catalog with executions (a group's jobs in flight, a VM's backup history), so every /vm-contexts,
 * /machine-groups and /vm-groups route is served here, one controller per path.
 */
@Module({
  imports: [CatalogModule, ExecutionsModule],
  controllers: [VmContextsController, MachineGroupsController, VmGroupsController],
  providers: [GroupViews],
})
export class CatalogApiModule {}
